// libFuzzer target: any bytes as an input file, through the whole check of
// one input: gzip'd or plain tar archives with their Capsule.toml and
// modules, or a module alone; then one of the report formats.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "driver/check_command.h"

using namespace astrid;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const int fd = memfd_create("capsule", 0);
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) return 0;
  CheckCommand command;
  const InputResult result = check_input({path, InputSpec::Kind::File, std::nullopt}, command);
  // One report format per input, chosen by its size (as in module_fuzz).
  static std::FILE* sink = std::fopen("/dev/null", "w");
  constexpr ReportFormat kFormats[] = {ReportFormat::Text, ReportFormat::Json, ReportFormat::Sarif,
                                       ReportFormat::Github};
  auto reporter = make_reporter(kFormats[size % 4], TextOptions{}, sink);
  reporter->input(result);
  reporter->finish();
  return 0;
}
