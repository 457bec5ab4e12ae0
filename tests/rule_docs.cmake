# The README's rule table and the man page's RULES section are the rule
# catalogue itself, as `astrid-abi rules --format markdown|man` prints it:
# this compares them, and with BLESS=1 (or ASTRID_ABI_BLESS=1) writes the
# catalogue into them instead (review the diff before committing it).
#
#   cmake -DTOOL=... -DSOURCE_DIR=... [-DBLESS=1] -P rule_docs.cmake

function(sync document begin_regex end_regex format)
  execute_process(COMMAND ${TOOL} rules --format ${format} OUTPUT_VARIABLE rendered RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "astrid-abi rules --format ${format} exited ${status}")
  endif()
  file(READ ${SOURCE_DIR}/${document} text)
  string(REGEX MATCH "${begin_regex}" begin_match "${text}")
  string(FIND "${text}" "${begin_match}" begin)
  if(begin EQUAL -1 OR begin_match STREQUAL "")
    message(FATAL_ERROR "${document}: no rule catalogue found (${begin_regex})")
  endif()
  string(LENGTH "${begin_match}" begin_length)
  math(EXPR body_start "${begin} + ${begin_length}")
  string(SUBSTRING "${text}" ${body_start} -1 rest)
  # The catalogue ends with the newline before the first line that is
  # not part of it.
  string(REGEX MATCH "${end_regex}" end_match "${rest}")
  string(FIND "${rest}" "${end_match}" end)
  math(EXPR end "${end} + 1")
  string(SUBSTRING "${rest}" 0 ${end} current)
  if(current STREQUAL rendered)
    return()
  endif()
  if(BLESS OR "$ENV{ASTRID_ABI_BLESS}" STREQUAL "1")
    string(SUBSTRING "${text}" 0 ${body_start} head)
    string(SUBSTRING "${rest}" ${end} -1 tail)
    file(WRITE ${SOURCE_DIR}/${document} "${head}${rendered}${tail}")
    message(STATUS "wrote the rule catalogue into ${document}")
    return()
  endif()
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/rules.${format} "${rendered}")
  message(SEND_ERROR "${document}: its rule catalogue differs from `astrid-abi rules --format ${format}` "
                     "(written to ${CMAKE_CURRENT_BINARY_DIR}/rules.${format}; ASTRID_ABI_BLESS=1 updates it)")
endfunction()

sync(README.md "\n\\| rule \\| severity \\| what it finds \\|\n\\|---\\|---\\|---\\|\n" "\n[^|]" markdown)
sync(man/astrid-abi.1 "\n\\.SH RULES\n" "\n\\.SH " man)
