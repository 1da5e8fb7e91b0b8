# tests/lldb/lldb-unpacked.sh: an older LLDB, unpacked instead of installed.
# Source it (after tests/lib/common.sh).  Debian 12 ships LLDB 13, 14, 15
# and 16, and their packages conflict with each other, so only one can be
# installed; the others are fetched with apt-get download and unpacked with
# dpkg -x into $BUILD/lldb-cache/N/ (kept between runs), and run from there.
#
#   lldb_unpacked N     prints the path of a wrapper that runs LLDB N
#                       (LD_LIBRARY_PATH and PYTHONPATH set to the unpacked
#                       tree), or prints why not to stderr and returns 1.
#                       N installed system-wide (lldb-N in PATH) is used as is,
#                       with PYTHONPATH set where Debian puts its module.

lldb_unpacked() {
	_v=$1
	_cache=$ROOT/$BUILD/lldb-cache/$_v
	_wrap=$_cache/lldb
	if [ -x "$_wrap" ]; then echo "$_wrap"; return 0; fi
	mkdir -p "$_cache" || return 1
	if command -v "lldb-$_v" >/dev/null 2>&1 && [ -x "/usr/lib/llvm-$_v/bin/lldb" ]; then
		# installed: Debian's LLDB 14 does not find its own Python module
		# there without PYTHONPATH (LLDB 13, 15 and 16 do; it is harmless)
		_root=
	else
		# the packages, and the libraries they need that are not installed
		_pkgs="lldb-$_v liblldb-$_v python3-lldb-$_v"
		for _p in "libllvm$_v" "libclang-cpp$_v"; do
			dpkg -s "$_p" >/dev/null 2>&1 || _pkgs="$_pkgs $_p"
		done
		rm -rf "$_cache/debs" "$_cache/root"
		mkdir -p "$_cache/debs" "$_cache/root"
		# shellcheck disable=SC2086
		if ! (cd "$_cache/debs" && with_timeout 300 apt-get download $_pkgs) >"$_cache/download.log" 2>&1; then
			echo "apt-get download $_pkgs failed: $(tail -2 "$_cache/download.log")" >&2
			return 1
		fi
		for _d in "$_cache"/debs/*.deb; do
			dpkg -x "$_d" "$_cache/root" || { echo "dpkg -x $_d failed" >&2; return 1; }
		done
		_root=$_cache/root
	fi
	# where the Python module is: python3.11/dist-packages for LLDB 14 and 15,
	# python3/ for 13, python3.11/site-packages for 16
	_py=
	for _d in "$_root/usr/lib/llvm-$_v/lib/python3.11/dist-packages" "$_root/usr/lib/llvm-$_v/lib/python3/dist-packages" \
		"$_root/usr/lib/llvm-$_v/lib/python3.11/site-packages"; do
		[ -f "$_d/lldb/__init__.py" ] && { _py=$_d; break; }
	done
	[ -n "$_py" ] || { echo "LLDB $_v: no Python module (lldb/__init__.py) under $_root/usr/lib/llvm-$_v/lib" >&2; return 1; }
	cat >"$_wrap.tmp" <<WRAP
#!/bin/sh
# LLDB $_v $( [ -n "$_root" ] && echo "unpacked in $_root" || echo "as installed" )
LD_LIBRARY_PATH=$_root/usr/lib/x86_64-linux-gnu:$_root/usr/lib/llvm-$_v/lib\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH} \\
PYTHONPATH=$_py\${PYTHONPATH:+:\$PYTHONPATH} \\
exec $_root/usr/lib/llvm-$_v/bin/lldb "\$@"
WRAP
	chmod +x "$_wrap.tmp"
	# it must really be LLDB N, with a working Python
	_got=$("$_wrap.tmp" --no-lldbinit -b -o 'script print("py", lldb.SBDebugger.GetVersionString())' 2>&1)
	case $_got in
	*"py lldb version $_v."*) mv "$_wrap.tmp" "$_wrap"; echo "$_wrap" ;;
	*) echo "LLDB $_v does not run from $_cache: $(echo "$_got" | tail -3)" >&2; return 1 ;;
	esac
}
