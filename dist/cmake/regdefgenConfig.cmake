# regdefgenConfig.cmake: what find_package(regdefgen) loads.  Installed by
# "make install" in PREFIX/share/cmake/regdefgen/; every path below is
# found relative to this file, so a moved prefix keeps working.
#
#   find_package(regdefgen 0.1 REQUIRED)
#   add_executable(stub stub.c)
#   regdefgen_generate(TARGET stub LAYOUTS x86_64 [x86_64-qemu ...]
#                      [DEFS my-layout.json ...] [TEMPLATES dir] [OUTPUT_DIR dir])
#   // stub.c: #include "x86_64/x86_64_regs.h"
#
# Sets REGDEFGEN_EXECUTABLE, REGDEFGEN_DEFS_DIR, REGDEFGEN_TEMPLATES_DIR and
# the imported executable regdefgen::regdefgen.

# DEPFILE in add_custom_command works with Makefile generators from 3.20 on
# (a version check, not cmake_minimum_required: that would reset the
# caller's policies).
if(CMAKE_VERSION VERSION_LESS 3.20)
  set(regdefgen_FOUND FALSE)
  set(regdefgen_NOT_FOUND_MESSAGE "regdefgen_generate needs CMake 3.20 or later (DEPFILE)")
  return()
endif()

get_filename_component(_regdefgen_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(REGDEFGEN_EXECUTABLE "${_regdefgen_prefix}/bin/regdefgen")
set(REGDEFGEN_DEFS_DIR "${_regdefgen_prefix}/share/regdefgen/defs")
set(REGDEFGEN_TEMPLATES_DIR "${_regdefgen_prefix}/share/regdefgen/templates")
unset(_regdefgen_prefix)

if(NOT EXISTS "${REGDEFGEN_EXECUTABLE}" OR NOT IS_DIRECTORY "${REGDEFGEN_TEMPLATES_DIR}")
  set(regdefgen_FOUND FALSE)
  set(regdefgen_NOT_FOUND_MESSAGE
      "regdefgen is not installed beside ${CMAKE_CURRENT_LIST_FILE} (no ${REGDEFGEN_EXECUTABLE})")
  return()
endif()

if(NOT TARGET regdefgen::regdefgen)
  add_executable(regdefgen::regdefgen IMPORTED)
  set_target_properties(regdefgen::regdefgen PROPERTIES IMPORTED_LOCATION "${REGDEFGEN_EXECUTABLE}")
endif()

# regdefgen_generate(TARGET t LAYOUTS name... DEFS file.json... TEMPLATES dir
#                    OUTPUT_DIR dir)
# One build step per layout: "regdefgen generate" writes OUTPUT_DIR/NAME/
# (default: CMAKE_CURRENT_BINARY_DIR/regdefgen-t) and a depfile naming every
# def, part and template it read, so editing any of them reruns exactly that
# layout's step; a generated file whose content did not change keeps its
# time stamp.  OUTPUT_DIR goes on t's include path: #include "NAME/IDENT_regs.h".
function(regdefgen_generate)
  cmake_parse_arguments(PARSE_ARGV 0 _rg "" "TARGET;TEMPLATES;OUTPUT_DIR" "LAYOUTS;DEFS")
  if(_rg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "regdefgen_generate: unexpected arguments: ${_rg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT _rg_TARGET OR NOT TARGET "${_rg_TARGET}")
    message(FATAL_ERROR "regdefgen_generate: TARGET must name an existing target, not '${_rg_TARGET}'")
  endif()
  if(NOT _rg_LAYOUTS AND NOT _rg_DEFS)
    message(FATAL_ERROR "regdefgen_generate: give LAYOUTS (see 'regdefgen list') or DEFS")
  endif()
  if(NOT _rg_OUTPUT_DIR)
    set(_rg_OUTPUT_DIR "${CMAKE_CURRENT_BINARY_DIR}/regdefgen-${_rg_TARGET}")
  endif()
  get_filename_component(_out "${_rg_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  set(_templates "${REGDEFGEN_TEMPLATES_DIR}")
  if(_rg_TEMPLATES)
    get_filename_component(_templates "${_rg_TEMPLATES}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  endif()
  # each template but a partial (_NAME.mustache) makes one file per layout
  file(GLOB _tnames RELATIVE "${_templates}" "${_templates}/*.mustache")
  list(FILTER _tnames EXCLUDE REGEX "^_")
  # in the order regdefgen names them in the depfile (target.xml first, the
  # others sorted): Ninja wants the depfile's first target to be the first output
  list(SORT _tnames)
  if("target.xml.mustache" IN_LIST _tnames)
    list(REMOVE_ITEM _tnames "target.xml.mustache")
    list(PREPEND _tnames "target.xml.mustache")
  endif()
  if(NOT _tnames)
    message(FATAL_ERROR "regdefgen_generate: no templates in ${_templates}")
  endif()

  set(_defs "")
  foreach(_name IN LISTS _rg_LAYOUTS)
    if(NOT EXISTS "${REGDEFGEN_DEFS_DIR}/${_name}.json")
      message(FATAL_ERROR "regdefgen_generate: no installed layout '${_name}' in ${REGDEFGEN_DEFS_DIR} (see 'regdefgen list')")
    endif()
    list(APPEND _defs "${REGDEFGEN_DEFS_DIR}/${_name}.json")
  endforeach()
  foreach(_def IN LISTS _rg_DEFS)
    get_filename_component(_def "${_def}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND _defs "${_def}")
  endforeach()

  set(_all "")
  foreach(_def IN LISTS _defs)
    get_filename_component(_name "${_def}" NAME)
    string(REGEX REPLACE "\\.json$" "" _name "${_name}")
    string(REPLACE "-" "_" _ident "${_name}")
    set(_outs "")
    foreach(_t IN LISTS _tnames)
      string(REGEX REPLACE "\\.mustache$" "" _o "${_t}")
      string(REPLACE "IDENT" "${_ident}" _o "${_o}")
      list(APPEND _outs "${_out}/${_name}/${_o}")
    endforeach()
    # The depfile names itself as a target (make uses it as the stamp), so
    # it is an output too: Ninja rejects depfile targets it was not told of.
    # Ninja wants the outputs in the depfile's order, and restats them, so
    # an unchanged header rebuilds nothing.  make has no restat: there the
    # depfile, always renewed, goes first, as the rule's stamp.
    if(CMAKE_GENERATOR MATCHES "Ninja")
      list(APPEND _outs "${_out}/${_name}.d")
    else()
      list(PREPEND _outs "${_out}/${_name}.d")
    endif()
    add_custom_command(
      OUTPUT ${_outs}
      COMMAND regdefgen::regdefgen generate -o "${_out}" --templates "${_templates}"
              --depfile "${_out}/${_name}.d" "${_def}"
      DEPENDS "${_def}" "${REGDEFGEN_EXECUTABLE}"
      DEPFILE "${_out}/${_name}.d"
      COMMENT "regdefgen: generating ${_name} for ${_rg_TARGET}"
      VERBATIM)
    list(APPEND _all ${_outs})
  endforeach()
  target_sources("${_rg_TARGET}" PRIVATE ${_all})
  target_include_directories("${_rg_TARGET}" PRIVATE "${_out}")
endfunction()
