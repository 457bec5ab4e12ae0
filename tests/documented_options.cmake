# Every option that `astrid-abi <command> --help` lists must be described in
# the man page and the README, so neither falls behind the command line.
#
#   cmake -DTOOL=... -DSOURCE_DIR=... -P documented_options.cmake

file(READ ${SOURCE_DIR}/man/astrid-abi.1 man)
# roff writes a hyphen as \-; compare the plain text.
string(REPLACE "\\-" "-" man "${man}")
file(READ ${SOURCE_DIR}/README.md readme)
set(missing "")
foreach(command check caps diff table rules)
  execute_process(COMMAND ${TOOL} ${command} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "astrid-abi ${command} --help exited ${status}")
  endif()
  string(REGEX MATCHALL "--[a-z][a-z-]*" options "${help}")
  list(REMOVE_DUPLICATES options)
  foreach(option IN LISTS options)
    if(option STREQUAL "--help")
      continue()
    endif()
    # The whole option, not a prefix of a longer one (--require of
    # --require-all).
    string(REGEX MATCH "${option}([^a-z-]|$)" in_man "${man}")
    string(REGEX MATCH "`${option}[` ]" in_readme "${readme}")
    if(NOT in_man)
      list(APPEND missing "${command} ${option}: not in man/astrid-abi.1")
    endif()
    if(NOT in_readme)
      list(APPEND missing "${command} ${option}: not in README.md")
    endif()
  endforeach()
endforeach()
if(missing)
  string(REPLACE ";" "\n" missing "${missing}")
  message(FATAL_ERROR "undocumented options:\n${missing}")
endif()
