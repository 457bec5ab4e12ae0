#include "report/escape.h"

#include <nlohmann/json.hpp>

#include "catch.h"

using namespace astrid;

TEST_CASE("control characters and escape sequences are made visible") {
  CHECK(escape_untrusted("astrid_log") == "astrid_log");
  CHECK(escape_untrusted("\x1b[31mred") == "\\x1b[31mred");
  CHECK(escape_untrusted("a\nb\tc\rd") == "a\\nb\\tc\\rd");
  CHECK(escape_untrusted(std::string_view("a\0b", 3)) == "a\\x00b");
  CHECK(escape_untrusted("\x7f") == "\\x7f");
  CHECK(escape_untrusted("back\\slash") == "back\\\\slash");
}

TEST_CASE("invalid UTF-8 is escaped byte by byte; valid UTF-8 passes") {
  CHECK(escape_untrusted("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(escape_untrusted("\xff\xfe") == "\\xff\\xfe");
  CHECK(escape_untrusted("\xc3") == "\\xc3");              // cut sequence
  CHECK(escape_untrusted("\xc0\xaf") == "\\xc0\\xaf");      // overlong
  CHECK(escape_untrusted("\xed\xa0\x80") == "\\xed\\xa0\\x80");  // surrogate
  CHECK(escape_untrusted("\xc2\x9b") == "\\u{009b}");       // C1 CSI
}

TEST_CASE("bidirectional overrides cannot reorder what is shown") {
  CHECK(escape_untrusted("\xe2\x80\xae" "abc") == "\\u{202e}abc");
  CHECK(escape_untrusted("\xe2\x81\xa6") == "\\u{2066}");
}

TEST_CASE("JSON output is valid whatever the bytes: nlohmann replaces invalid UTF-8") {
  // The reports hand untrusted bytes to nlohmann_json as they are, and dump
  // with error_handler_t::replace; this holds it to that.
  nlohmann::ordered_json j = std::string("a\xff" "b\xc3");
  CHECK(j.dump(-1, ' ', true, nlohmann::ordered_json::error_handler_t::replace) == "\"a\\ufffdb\\ufffd\"");
}

TEST_CASE("invisible code points cannot hide or fake part of a name") {
  CHECK(escape_untrusted("a\xe2\x80\x8b" "b") == "a\\u{200b}b");            // zero-width space
  CHECK(escape_untrusted("a\xe2\x80\x8d" "b") == "a\\u{200d}b");            // zero-width joiner
  CHECK(escape_untrusted("\xe2\x80\xa8") == "\\u{2028}");                    // line separator
  CHECK(escape_untrusted("\xe2\x80\xa9") == "\\u{2029}");                    // paragraph separator
  CHECK(escape_untrusted("\xef\xbb\xbf" "x") == "\\u{feff}x");               // byte order mark
  CHECK(escape_untrusted("\xf3\xa0\x80\x81") == "\\u{e0001}");               // a tag character
  CHECK(escape_untrusted("\xc2\xad") == "\\u{00ad}");                        // soft hyphen
  CHECK(escape_untrusted("\xe2\x81\xa0") == "\\u{2060}");                    // word joiner
  CHECK(escape_untrusted("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac") == "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac");
}

TEST_CASE("a relative path that could start a CI command is written ./path") {
  CHECK(display_path("::error file=x::y.wasm") == "./::error file=x::y.wasm");
  CHECK(display_path("  ::stop-commands::t.wasm") == "./  ::stop-commands::t.wasm");
  CHECK(display_path("##vso[task.setvariable]x.wasm") == "./\\x23#vso[task.setvariable]x.wasm");
  CHECK(display_path("dir/::x.wasm") == "dir/::x.wasm");
  CHECK(display_path("/abs/::x.wasm") == "/abs/::x.wasm");
  CHECK(display_path("\n::x.wasm") == "./\\n::x.wasm");
}

TEST_CASE("no output can carry a workflow command the runner would read") {
  // Unicode spaces, which the runner trims before it looks for "::".
  CHECK(display_path("\u00a0::error::x.wasm") == "./\\u{00a0}::error::x.wasm");
  CHECK(escape_untrusted("\u2003\u3000::warning::y") == "\\u{2003}\\u{3000}::warning::y");
  // The older "##[command]" form, which counts anywhere in a line.
  CHECK(escape_untrusted("a##[error]x.wasm") == "a\\x23#[error]x.wasm");
  CHECK(escape_untrusted("x##[stop-commands]tok") == "x\\x23#[stop-commands]tok");
  CHECK(escape_untrusted("###[x") == "#\\x23#[x");
  CHECK(escape_untrusted("a#b ## [c") == "a#b ## [c");
  // Azure Pipelines' "##vso[", anywhere in a line.
  CHECK(escape_untrusted("x##vso[task.complete]y") == "x\\x23#vso[task.complete]y");
}
