#include "validate.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <wabt/binary-reader-ir.h>
#include <wabt/binary-reader.h>
#include <wabt/ir.h>
#include <wabt/validator.h>

#include <cerrno>
#include <cstring>
#include <vector>

// AddressSanitizer reserves terabytes of address space for its shadow: no
// RLIMIT_AS under it (gcc says so with __SANITIZE_ADDRESS__, clang with
// __has_feature).
#if defined(__SANITIZE_ADDRESS__)
#define ASTRID_ABI_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASTRID_ABI_ASAN 1
#endif
#endif

namespace astrid {
namespace {

// The child's limits: generous for any module under kMaxValidateBytes.
#ifndef ASTRID_ABI_ASAN
constexpr rlim_t kChildMemory = 4ull << 30;
#endif
constexpr unsigned kChildSeconds = 30;

// In the child: "valid", or "invalid OFFSET MESSAGE" (OFFSET "-" if none).
std::string run_wabt(const std::vector<uint8_t>& bytes) {
  wabt::ReadBinaryOptions options;
  options.read_debug_names = false;
  options.stop_on_first_error = true;
  options.fail_on_custom_section_error = false;
  wabt::Errors errors;
  wabt::Module module;
  wabt::Result result = wabt::ReadBinaryIr("module", bytes.data(), bytes.size(), options, &errors, &module);
  if (wabt::Succeeded(result)) result = wabt::ValidateModule(&module, &errors, wabt::ValidateOptions(options.features));
  if (wabt::Succeeded(result) && errors.empty()) return "valid";
  if (errors.empty()) return "invalid - rejected by wabt";
  return fmt::format("invalid {} {}", errors.front().loc.offset, errors.front().message);
}

[[noreturn]] void child(int out, const std::vector<uint8_t>& bytes) {
  // wabt's assertion messages go to stderr: into the pipe, for the parent.
  ::dup2(out, STDERR_FILENO);
#ifndef ASTRID_ABI_ASAN
  const rlimit memory{kChildMemory, kChildMemory};
  ::setrlimit(RLIMIT_AS, &memory);
#endif
  ::alarm(kChildSeconds);
  const std::string verdict = "\n" + run_wabt(bytes) + "\n";
  const ssize_t written = ::write(out, verdict.data(), verdict.size());
  ::_exit(written == static_cast<ssize_t>(verdict.size()) ? 0 : 1);
}

}  // namespace

std::variant<std::optional<ValidationProblem>, InputError> validate_module(ByteSource& source) {
  if (source.size() > kMaxValidateBytes)
    return InputError{std::nullopt, fmt::format("--validate: {} MiB, more than the {} MiB astrid-abi validates; "
                                                "validate it with wasm-validate",
                                                source.size() >> 20, kMaxValidateBytes >> 20)};
  std::vector<uint8_t> bytes(source.size());
  if (!source.read(0, bytes.size(), bytes.data())) return InputError{std::nullopt, "could not read the file"};

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
    return InputError{std::nullopt, std::string("--validate: cannot create a pipe: ") + std::strerror(errno)};
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return InputError{std::nullopt, std::string("--validate: cannot fork: ") + std::strerror(errno)};
  }
  if (pid == 0) {
    ::close(pipe_fds[0]);
    child(pipe_fds[1], bytes);
  }
  ::close(pipe_fds[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    if (text.size() < 64 * 1024) text.append(buffer, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }

  const size_t verdict = text.rfind("\nvalid\n") != std::string::npos ? text.rfind("\nvalid\n")
                                                                        : text.rfind("\ninvalid ");
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && verdict != std::string::npos) {
    std::string line = text.substr(verdict + 1);
    line.pop_back();  // the newline
    if (line == "valid") return std::optional<ValidationProblem>();
    line.erase(0, 8);  // "invalid "
    const size_t space = line.find(' ');
    const std::string offset = line.substr(0, space);
    ValidationProblem problem{std::nullopt, line.substr(space + 1)};
    if (offset != "-") problem.offset = std::stoull(offset);
    return std::optional(problem);
  }
  // wabt aborted (an assertion), or hit a limit: say what it said.
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  const std::string why = WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM ? fmt::format("took over {} s", kChildSeconds)
                          : WIFSIGNALED(status) ? fmt::format("stopped with signal {}", WTERMSIG(status))
                                                : fmt::format("exited with status {}", WEXITSTATUS(status));
  return InputError{std::nullopt, fmt::format("--validate: wabt's reader {} on this module{}", why,
                                              text.empty() ? "" : " (" + text.substr(text.rfind('\n') + 1) + ")")};
}

}  // namespace astrid
