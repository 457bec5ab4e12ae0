#include "support/expected.h"
#include "wasm/validate.h"

#include <signal.h>

#include <string>
#include <vector>

#include "wat.h"

#include "catch.h"

using namespace astrid;

namespace {

using Clock = std::chrono::steady_clock;

Expected<std::optional<ValidationProblem>> validate(std::vector<uint8_t> bytes,
                                                                    std::chrono::milliseconds budget = std::chrono::seconds(30)) {
  MemorySource source(std::move(bytes));
  return validate_module(source, Clock::now() + budget);
}

void put_leb(std::vector<uint8_t>& out, uint64_t v) {
  do {
    const uint8_t byte = v & 0x7f;
    v >>= 7;
    out.push_back(byte | (v ? 0x80 : 0));
  } while (v);
}

void put_section(std::vector<uint8_t>& out, uint8_t id, const std::vector<uint8_t>& content) {
  out.push_back(id);
  put_leb(out, content.size());
  out.insert(out.end(), content.begin(), content.end());
}

// One function exported twice under `name`: invalid (duplicate export),
// and wabt's message quotes the name.
std::vector<uint8_t> duplicate_export(const std::string& name) {
  std::vector<uint8_t> m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  put_section(m, 1, {0x01, 0x60, 0x00, 0x00});
  put_section(m, 3, {0x01, 0x00});
  std::vector<uint8_t> exports = {0x02};
  for (int i = 0; i < 2; ++i) {
    put_leb(exports, name.size());
    exports.insert(exports.end(), name.begin(), name.end());
    exports.push_back(0x00);
    exports.push_back(0x00);
  }
  put_section(m, 7, exports);
  put_section(m, 10, {0x01, 0x02, 0x00, 0x0b});
  return m;
}

}  // namespace

TEST_CASE("validate: a valid module, and the first problem of an invalid one") {
  auto valid = validate(test::wat_to_wasm("(module (func (export \"run\") (result i32) i32.const 0))"));
  REQUIRE(valid.has_value());
  CHECK(!*valid);

  auto invalid = validate(duplicate_export("run"));
  REQUIRE(invalid.has_value());
  const auto& problem = *invalid;
  REQUIRE(problem);
  CHECK(problem->message.find("duplicate export") != std::string::npos);
}

TEST_CASE("validate: names in wabt's messages cannot forge a verdict") {
  // Each of these once made the verdict come from the name: a throw, a
  // "valid" for an invalid module, or another offset and message.
  for (const std::string& name : {std::string("x\nvalid\n"), std::string(70000, 'a') + "\nvalid\n",
                                  std::string("x\ninvalid 0 text\n"), std::string("\n\n\n")}) {
    auto result = validate(duplicate_export(name));
    REQUIRE(result.has_value());
    const auto& problem = *result;
    REQUIRE(problem);
    CHECK(problem->message.find("duplicate export") != std::string::npos);
    CHECK(problem->message != "text");
  }
}

TEST_CASE("validate: the features the reader accepts") {
  // Shared memory (threads), memory64, multi-memory, tail calls, and
  // extended constant expressions: invalid under wabt's defaults.
  auto result = validate(test::wat_to_wasm(R"((module
    (memory 1 1 shared)
    (memory i64 1)
    (global i32 (i32.add (i32.const 1) (i32.const 2)))
    (func $f (return_call $f)))
  )"));
  REQUIRE(result.has_value());
  const auto& problem = *result;
  CHECK(!problem);
  if (problem) FAIL(problem->message);
}

TEST_CASE("validate: an abort in wabt is this module's error, and the process goes on") {
  auto result = validate(test::read_binary_file(FIXTURE_DIR "/wabt-abort.wasm"));
  REQUIRE(!result);
  const std::string& message = result.error().message;
  CHECK(message.find("stopped with signal 6") != std::string::npos);
  CHECK(message.find("Assertion") != std::string::npos);
}

TEST_CASE("validate: the deadline is the parent's, whatever the child inherits") {
  // A module wabt takes a while over: 200,000 functions.
  std::vector<uint8_t> m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  put_section(m, 1, {0x01, 0x60, 0x00, 0x00});
  constexpr uint32_t kFunctions = 200000;
  std::vector<uint8_t> functions;
  put_leb(functions, kFunctions);
  functions.insert(functions.end(), kFunctions, 0x00);
  put_section(m, 3, functions);
  std::vector<uint8_t> code;
  put_leb(code, kFunctions);
  for (uint32_t i = 0; i < kFunctions; ++i) code.insert(code.end(), {0x02, 0x00, 0x0b});
  put_section(m, 10, code);

  // wabt needs about 150 ms for it, and gives a verdict: valid.
  REQUIRE(validate(m));
  REQUIRE_FALSE(*validate(m));

  // An ignored SIGALRM, inherited, once removed the only bound. With a
  // deadline of 1 ms the parent must end the child long before wabt is
  // done: only the parent's kill makes this an error.
  struct sigaction ignore {}, old {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGALRM, &ignore, &old);
  const auto start = Clock::now();
  auto result = validate(m, std::chrono::milliseconds(1));
  const auto took = Clock::now() - start;
  sigaction(SIGALRM, &old, nullptr);
  CHECK(took < std::chrono::seconds(5));
  REQUIRE_FALSE(result);
  CHECK(result.error().message.find("took over") != std::string::npos);

  // A spent budget is said, without forking.
  auto spent = validate(m, std::chrono::milliseconds(-1));
  REQUIRE(!spent);
  CHECK(spent.error().message.find("spent") != std::string::npos);
}

TEST_CASE("validate: wabt's reader jargon in plain words") {
  CHECK(explain_wabt_message("unable to read u32 leb128: data size") ==
        "the module ends, or holds a malformed integer, in data size");
  CHECK(explain_wabt_message("unable to read uint8_t: memory flags") == "the module ends in memory flags");
  CHECK(explain_wabt_message("type mismatch in call") == "type mismatch in call");
}
