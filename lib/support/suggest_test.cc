#include "support/suggest.h"

#include "catch.h"


using namespace astrid;

TEST_CASE("edit distance counts insertions, deletions, substitutions and swaps") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "abc") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("astrid_read_fle", "astrid_read_file") == 1);
  CHECK(edit_distance("astrid_raed_file", "astrid_read_file") == 1);  // swap
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("closest_name suggests near misses only") {
  const std::vector<std::string_view> names = {"astrid_read_file", "astrid_write_file", "astrid_log"};
  CHECK(closest_name("astrid_read_fle", names) == "astrid_read_file");
  CHECK(closest_name("astrid_wrte_fil", names) == "astrid_write_file");
  CHECK(closest_name("read_file", names) == "astrid_read_file");  // prefix restored
  CHECK(closest_name("astrid_lg", names) == "astrid_log");
  CHECK_FALSE(closest_name("something_else", names));
  CHECK_FALSE(closest_name("", names));
}
