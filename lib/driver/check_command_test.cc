#include "driver/check_command.h"


#include <cstdio>
#include <cstdlib>

#include "catch.h"

using namespace astrid;

namespace {

// The text report and exit status of a whole run, with `jobs` workers.
std::pair<std::string, int> run_with(unsigned jobs, const std::vector<std::string>& inputs) {
  char* buffer = nullptr;
  size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  CheckCommand command;
  command.inputs = inputs;
  command.jobs = jobs;
  auto reporter = make_reporter(ReportFormat::Text, command.text, out);
  const int status = run_check(command, *reporter);
  std::fclose(out);
  std::string text(buffer, size);
  std::free(buffer);
  return {text, status};
}

}  // namespace

TEST_CASE("parallel checking reports in input order, the same as one job") {
  // Every built fixture, faulty ones included, and one input that is missing.
  const std::vector<std::string> inputs = {FIXTURE_DIR, "/nonexistent/astrid-abi.wasm", FIXTURE_DIR "/capsules"};
  const auto [serial, serial_status] = run_with(1, inputs);
  CHECK(serial_status == kExitInput);
  CHECK(serial.find("checked ") != std::string::npos);
  for (unsigned jobs : {2u, 3u, 8u}) {
    INFO(jobs << " jobs");
    const auto [parallel, parallel_status] = run_with(jobs, inputs);
    CHECK(parallel_status == serial_status);
    CHECK(parallel == serial);
  }
}
