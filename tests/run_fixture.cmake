# Runs the RUN lines of one fixture and compares what they print with the
# expected output committed beside it, <stem>.out. Each RUN line gives the
# arguments of one astrid-abi invocation; `%` stands for the fixture's own
# module; `< FILE` feeds FILE to standard input. The invocations run in the
# folder of the built fixtures (or in its subfolder DIR, given by a line
# `CWD: DIR`), so the output names files as a user would see them.
#
#   cmake -DTOOL=... -DFIXTURE=src -DFIXTURE_DIR=dir -DPYTHON=python3 [-DBLESS=1] -P run_fixture.cmake
#
# With BLESS=1 (or the environment variable ASTRID_ABI_BLESS=1) the expected
# output is rewritten instead: review the diff before committing it.

get_filename_component(stem ${FIXTURE} NAME_WE)
get_filename_component(src_dir ${FIXTURE} DIRECTORY)
set(expected_file ${src_dir}/${stem}.out)

file(STRINGS ${FIXTURE} run_lines REGEX "^(;;|//|#) RUN: ")
if(NOT run_lines)
  message(FATAL_ERROR "${FIXTURE}: no RUN line")
endif()

set(work_dir ${FIXTURE_DIR})
file(STRINGS ${FIXTURE} cwd_line REGEX "^(;;|//|#) CWD: ")
if(cwd_line)
  # A WAT comment's ";;" comes back escaped ("\;\;"): take what follows
  # "CWD: ", whatever the comment marker.
  string(REGEX REPLACE "^.*CWD: " "" cwd "${cwd_line}")
  set(work_dir ${FIXTURE_DIR}/${cwd})
endif()

set(actual "")
foreach(line IN LISTS run_lines)
  string(REGEX REPLACE "^(;;|//|#) RUN: " "" args "${line}")
  string(REPLACE "%" "${stem}.wasm" args "${args}")
  separate_arguments(argv UNIX_COMMAND "${args}")
  set(stdin_args)
  list(FIND argv "<" redirect)
  if(NOT redirect EQUAL -1)
    math(EXPR file_at "${redirect} + 1")
    list(GET argv ${file_at} stdin_file)
    list(REMOVE_AT argv ${file_at} ${redirect})
    set(stdin_args INPUT_FILE ${work_dir}/${stdin_file})
  endif()
  execute_process(
    COMMAND ${TOOL} ${argv}
    ${stdin_args}
    WORKING_DIRECTORY ${work_dir}
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
    RESULT_VARIABLE status
    TIMEOUT 30)
  # JSON Lines are written out indented, so that a change in one field is
  # a one-line diff for a reviewer, not a changed 3 KB line.
  if(out MATCHES "(^|\n){\"")
    set(raw_file ${FIXTURE_DIR}/${stem}.json-lines)
    file(WRITE ${raw_file} "${out}")
    execute_process(COMMAND ${PYTHON} ${CMAKE_CURRENT_LIST_DIR}/indent_json_lines.py
      INPUT_FILE ${raw_file} OUTPUT_VARIABLE out RESULT_VARIABLE indent_status)
    if(NOT indent_status EQUAL 0)
      message(FATAL_ERROR "${FIXTURE}: indent_json_lines.py failed on the output of: ${args}")
    endif()
  endif()
  string(APPEND actual "$ astrid-abi ${args}\n${out}")
  if(NOT err STREQUAL "")
    string(APPEND actual "[stderr]\n${err}")
  endif()
  string(APPEND actual "[exit ${status}]\n")
endforeach()

# Absolute paths of the built fixtures (SARIF's file:// base) differ from
# machine to machine, and from build to build: written as <fixtures>.
get_filename_component(real_fixture_dir ${FIXTURE_DIR} REALPATH)
string(REPLACE "${real_fixture_dir}" "<fixtures>" actual "${actual}")
string(REPLACE "${FIXTURE_DIR}" "<fixtures>" actual "${actual}")
# And the checkout's own (where -v says the configuration search stopped).
string(REGEX REPLACE "^(.*)/fixtures/[^/]+/[^/]+$" "\\1" source_root "${FIXTURE}")
get_filename_component(source_root "${source_root}" REALPATH)
string(REPLACE "${source_root}" "<source>" actual "${actual}")

# A fingerprint names the file relative to the repository root, so it
# depends on where the build directory is (build/, build-asan/): written
# as <fingerprint>. Its properties are tested by unique_fingerprints.py,
# baseline_gate.sh and the unit tests.
string(REGEX REPLACE "(\"fingerprint\": |\"astridAbiFinding/v2\": )\"[0-9a-f]+(:[0-9]+)?\"" "\\1\"<fingerprint>\""
       actual "${actual}")

if(BLESS OR "$ENV{ASTRID_ABI_BLESS}" STREQUAL "1")
  file(WRITE ${expected_file} "${actual}")
  message(STATUS "wrote ${expected_file}")
  return()
endif()

if(NOT EXISTS ${expected_file})
  message(FATAL_ERROR "${FIXTURE}: no expected output ${stem}.out; run with ASTRID_ABI_BLESS=1 to create it")
endif()
file(READ ${expected_file} expected)
if(NOT actual STREQUAL expected)
  set(actual_file ${FIXTURE_DIR}/${stem}.actual)
  file(WRITE ${actual_file} "${actual}")
  execute_process(COMMAND diff -u ${expected_file} ${actual_file})
  message(FATAL_ERROR "${FIXTURE}: output differs from ${stem}.out (see the diff above)")
endif()
