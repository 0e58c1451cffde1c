# Warnings and sanitizers shared by every Gantry target.

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

set(GANTRY_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")
if(GANTRY_SANITIZE)
  add_compile_options(-fsanitize=${GANTRY_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=${GANTRY_SANITIZE})
endif()

# The libFuzzer targets of tests/fuzz. Every library they link is built with
# coverage instrumentation, so the fuzzer sees which branches of a parser an
# input reaches; the fuzzers themselves add the libFuzzer runtime.
option(GANTRY_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang)" OFF)
if(GANTRY_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "GANTRY_FUZZ needs clang (libFuzzer); use the fuzz preset or -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# Applies Gantry's warning level to one target.
function(gantry_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -pedantic -Wshadow -Wnon-virtual-dtor
    $<$<BOOL:${GANTRY_WERROR}>:-Werror>)
endfunction()

# Applies Gantry's warnings plus Qt's strict string rules to a target that uses Qt.
function(gantry_target_qt_strict target)
  gantry_target_warnings(${target})
  target_compile_definitions(${target} PRIVATE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY
    QT_USE_QSTRINGBUILDER QT_NO_URL_CAST_FROM_STRING QT_NO_KEYWORDS)
  set_target_properties(${target} PROPERTIES AUTOMOC ON)
endfunction()
