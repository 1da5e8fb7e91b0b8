#!/bin/sh
# regdefgen is not linked with libxml2 (its libicu and libstdc++ cost every
# process about 2 ms to load): gen/base/xmllib.c opens it when a command
# reads XML.  Asserts: no DT_NEEDED libxml2 (jansson is, as the positive
# control of reading them); check and a generate with the shipped templates
# never open it, an import and generate --templates do (LD_DEBUG's record of
# the files the loader opens); with a libxml2.so.2 that lacks libxml2's
# functions first in the search path, import and generate --templates fail
# with the loader's reason and exit 1, while generate with the shipped
# templates, which does not need libxml2, still works.
. tests/lib/common.sh

for t in readelf cc; do
	command -v $t >/dev/null || { echo "SKIP: $t is not installed (binutils, gcc)"; exit 77; }
done
make_tmpdir T

needed=$(readelf -d "$REGDEFGEN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
case $needed in
*libjansson*) ok "readelf lists the libraries regdefgen needs: $needed" ;;
*) fail "readelf -d $REGDEFGEN: no libjansson among '$needed'" ;;
esac
case $needed in
*libxml2*) fail "regdefgen is linked with libxml2: $needed" ;;
*) ok "regdefgen is not linked with libxml2" ;;
esac

# opens_xml NAME CMD...: runs CMD, prints "opened" if the loader opened libxml2
opens_xml() {
	_name=$1; shift
	LD_DEBUG=files LD_DEBUG_OUTPUT="$T/ld.$_name" "$@" >"$T/out.$_name" 2>&1
	_rc=$?
	if cat "$T/ld.$_name".* 2>/dev/null | grep -q 'file=libxml2\.so'; then
		echo "opened rc=$_rc"
	else
		echo "not opened rc=$_rc"
	fi
}

r=$(opens_xml check "$REGDEFGEN" check defs/x86_64.json)
[ "$r" = "not opened rc=0" ] && ok "check: libxml2 not opened" || fail "check: $r: $(cat "$T/out.check")"
r=$(opens_xml gen "$REGDEFGEN" generate -o "$T/gen" defs/x86_64.json)
[ "$r" = "not opened rc=0" ] && ok "generate (shipped templates): libxml2 not opened" ||
	fail "generate: $r: $(cat "$T/out.gen")"
r=$(opens_xml genT "$REGDEFGEN" generate --templates templates -o "$T/genT" defs/x86_64.json)
[ "$r" = "opened rc=0" ] && ok "generate --templates: libxml2 opened, to check the XML" ||
	fail "generate --templates: $r: $(cat "$T/out.genT")"
r=$(opens_xml imp "$REGDEFGEN" import -o "$T/imp.json" out/x86_64/target.xml)
[ "$r" = "opened rc=0" ] && ok "import: libxml2 opened" || fail "import: $r: $(cat "$T/out.imp")"
cmp -s "$T/gen/x86_64/target.xml" out/x86_64/target.xml &&
	cmp -s "$T/genT/x86_64/target.xml" out/x86_64/target.xml &&
	ok "both generates made out/x86_64/target.xml" || fail "generate made another target.xml"

# a libxml2.so.2 without libxml2's functions, found first
mkdir "$T/lib"
echo 'int not_libxml2;' >"$T/fake.c"
cc -shared -fPIC -Wl,-soname,libxml2.so.2 -o "$T/lib/libxml2.so.2" "$T/fake.c" ||
	{ fail "cannot build the fake libxml2"; finish; }
LD_LIBRARY_PATH="$T/lib" "$REGDEFGEN" import -o "$T/fake.json" out/x86_64/target.xml \
	>"$T/fake.out" 2>&1
rc=$?
want="out/x86_64/target.xml: error: cannot read XML: cannot load libxml2: $T/lib/libxml2.so.2: undefined symbol: xmlReadMemory"
[ $rc = 1 ] && grep -qxF "$want" "$T/fake.out" && [ ! -e "$T/fake.json" ] &&
	ok "import with a libxml2 lacking its functions: exit 1, '$want'" ||
	fail "import with the fake libxml2: exit $rc, wanted '$want':$(cat "$T/fake.out")"
LD_LIBRARY_PATH="$T/lib" "$REGDEFGEN" generate --templates templates -o "$T/fakegen" \
	defs/x86_64.json >"$T/fakegen.out" 2>&1
rc=$?
want="templates/target.xml.mustache: error: cannot check that target.xml is well-formed XML: cannot load libxml2: $T/lib/libxml2.so.2: undefined symbol: xmlReadMemory"
[ $rc = 1 ] && grep -qxF "$want" "$T/fakegen.out" && [ ! -e "$T/fakegen" ] &&
	ok "generate --templates with it: exit 1, nothing written" ||
	fail "generate --templates with the fake libxml2: exit $rc, wanted '$want':$(cat "$T/fakegen.out")"
LD_LIBRARY_PATH="$T/lib" "$REGDEFGEN" generate -o "$T/fakegen2" defs/x86_64.json \
	>"$T/fakegen2.out" 2>&1 && cmp -s "$T/fakegen2/x86_64/target.xml" out/x86_64/target.xml &&
	ok "generate with the shipped templates does not need libxml2" ||
	fail "generate with the fake libxml2 in the path: $(cat "$T/fakegen2.out")"
finish
