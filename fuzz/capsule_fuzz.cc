// libFuzzer target: any bytes as an input file, through the whole check of
// one input: gzip'd or plain tar archives with their Capsule.toml and
// modules, or a module alone; then one of the report formats.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "driver/check_command.h"

#include "render_one.h"

using namespace astrid;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const int fd = memfd_create("capsule", 0);
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) return 0;
  // Every tagged release of each era, as --abi all checks them.
  static const CheckCommand command = [] {
    CheckCommand c;
    ReleaseChoice all;
    all.all = true;
    c.set_releases(all);
    return c;
  }();
  const InputResult result = check_input({path, InputSpec::Kind::File, std::nullopt}, command);
  render_one_format(result, size);
  return 0;
}
