#include "support/expected.h"
#include "wasm/validate.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <wabt/binary-reader-ir.h>
#include <wabt/binary-reader.h>
#include <wabt/ir.h>
#include <wabt/validator.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "support/unique_fd.h"

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

#ifndef ASTRID_ABI_ASAN
constexpr rlim_t kChildMemory = 4ull << 30;
#endif

// The child's descriptors: the verdict, and wabt's own stderr (assertion
// messages), each on a pipe of its own.
constexpr int kVerdictFd = 3;
constexpr int kDiagnosticFd = 4;

// The verdict frame: kind (0 valid, 1 invalid, 2 unreadable), whether there is an
// offset, the offset (u64, little-endian), the message length (u32) and
// the message. Nothing in it is text to be searched.
constexpr size_t kFrameHeader = 1 + 1 + 8 + 4;
constexpr size_t kMaxMessage = 4096;
constexpr size_t kMaxDiagnostic = 4096;

void put_le(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

uint64_t get_le(const std::string& in, size_t at, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value |= uint64_t{static_cast<unsigned char>(in[at + i])} << (8 * i);
  return value;
}

enum class Verdict : char { Valid = 0, Invalid = 1, Unreadable = 2 };

std::string frame(Verdict verdict, std::optional<uint64_t> offset, std::string message) {
  if (message.size() > kMaxMessage) message.resize(kMaxMessage);
  std::string out;
  out += static_cast<char>(verdict);
  out += static_cast<char>(offset ? 1 : 0);
  put_le(out, offset.value_or(0), 8);
  put_le(out, message.size(), 4);
  return out + message;
}

// nullopt for a frame that is not exactly one well-formed verdict.
std::optional<std::optional<ValidationProblem>> parse_frame(const std::string& bytes) {
  if (bytes.size() < kFrameHeader) return std::nullopt;
  const unsigned kind = static_cast<unsigned char>(bytes[0]);
  const unsigned has_offset = static_cast<unsigned char>(bytes[1]);
  const uint64_t length = get_le(bytes, 10, 4);
  if (kind > 2 || has_offset > 1 || length > kMaxMessage || bytes.size() != kFrameHeader + length)
    return std::nullopt;
  if (kind == 0) return std::optional<ValidationProblem>();
  ValidationProblem problem{std::nullopt, bytes.substr(kFrameHeader), kind == 2};
  if (has_offset) problem.offset = get_le(bytes, 2, 8);
  return std::optional(problem);
}

wabt::Features all_features() {
  wabt::Features features;
  features.EnableAll();
  return features;
}

std::string run_wabt(const std::vector<uint8_t>& bytes) {
  wabt::ReadBinaryOptions options;
  options.features = all_features();
  options.read_debug_names = false;
  options.stop_on_first_error = true;
  options.fail_on_custom_section_error = false;
  wabt::Errors errors;
  wabt::Module module;
  wabt::Result result = wabt::ReadBinaryIr("module", bytes.data(), bytes.size(), options, &errors, &module);
  const Verdict failure = wabt::Succeeded(result) ? Verdict::Invalid : Verdict::Unreadable;
  if (wabt::Succeeded(result)) result = wabt::ValidateModule(&module, &errors, wabt::ValidateOptions(options.features));
  if (wabt::Succeeded(result) && errors.empty()) return frame(Verdict::Valid, std::nullopt, "");
  if (errors.empty()) return frame(failure, std::nullopt, "rejected by wabt");
  const wabt::Error& first = errors.front();
  return frame(failure,
               first.loc.offset == wabt::kInvalidOffset ? std::nullopt : std::optional<uint64_t>(first.loc.offset),
               first.message);
}

void write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ::_exit(1);
    done += static_cast<size_t>(n);
  }
}

[[noreturn]] void child(int verdict, int diagnostic, const std::vector<uint8_t>& bytes, unsigned seconds) {
  // Only the two pipes stay open: no other input's descriptor (a sibling
  // thread's pipe, above all) outlives this process's work in it.
  ::dup2(diagnostic, STDERR_FILENO);
  ::dup2(verdict, kVerdictFd);
  ::dup2(diagnostic, kDiagnosticFd);
  ::close_range(kDiagnosticFd + 1, ~0U, 0);
  // An inherited SIG_IGN or blocked SIGALRM would remove the child's own
  // bound; the parent's deadline stands regardless.
  ::signal(SIGALRM, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  const rlimit cpu{seconds + 1, seconds + 1};
  ::setrlimit(RLIMIT_CPU, &cpu);
#ifndef ASTRID_ABI_ASAN
  const rlimit memory{kChildMemory, kChildMemory};
  ::setrlimit(RLIMIT_AS, &memory);
#endif
  ::alarm(seconds);
  write_all(kVerdictFd, run_wabt(bytes));
  ::_exit(0);
}

struct ChildRun {
  std::string verdict;
  std::string diagnostic;  // the last kMaxDiagnostic bytes wabt wrote
  bool killed = false;     // at the deadline
  int status = 0;
};

// Reads both pipes until they close or the deadline passes, then reaps the
// child (killing it first at the deadline).
ChildRun wait_child(pid_t pid, UniqueFd verdict, UniqueFd diagnostic, Deadline deadline) {
  ChildRun run;
  std::vector<pollfd> fds = {{verdict.get(), POLLIN, 0}, {diagnostic.get(), POLLIN, 0}};
  char buffer[4096];
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      run.killed = true;
      ::kill(pid, SIGKILL);
      break;
    }
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    for (size_t k = 0; k < fds.size(); ++k) {
      if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::read(fds[k].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        fds[k].fd = -1;
        continue;
      }
      std::string& out = k == 0 ? run.verdict : run.diagnostic;
      out.append(buffer, static_cast<size_t>(n));
      // Bounded whatever the child writes: a verdict longer than a frame
      // is no verdict; of the diagnostics the end matters.
      if (k == 0 && out.size() > kFrameHeader + kMaxMessage) out.resize(kFrameHeader + kMaxMessage + 1);
      if (k == 1 && out.size() > 2 * kMaxDiagnostic) out.erase(0, out.size() - kMaxDiagnostic);
    }
  }
  while (::waitpid(pid, &run.status, 0) < 0 && errno == EINTR) {
  }
  return run;
}

std::string last_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  const size_t newline = text.rfind('\n');
  return newline == std::string::npos ? text : text.substr(newline + 1);
}

}  // namespace

std::string explain_wabt_message(std::string_view message) {
  // wabt names the C type it failed to read; what matters is where.
  static constexpr std::pair<std::string_view, std::string_view> kPhrases[] = {
      {"unable to read u32 leb128: ", "the module ends, or holds a malformed integer, in "},
      {"unable to read i32 leb128: ", "the module ends, or holds a malformed integer, in "},
      {"unable to read i64 leb128: ", "the module ends, or holds a malformed integer, in "},
      {"unable to read uint8_t: ", "the module ends in "},
      {"unable to read uint32_t: ", "the module ends in "},
      {"unable to read uint64_t: ", "the module ends in "},
      {"unable to read string: ", "the module ends, or holds a malformed name, in "},
      {"unable to read data: ", "the module ends in "},
  };
  for (const auto& [jargon, plain] : kPhrases)
    if (message.starts_with(jargon)) return std::string(plain) + std::string(message.substr(jargon.size()));
  return std::string(message);
}

std::optional<std::string_view> newer_proposal_of(std::string_view message) {
  constexpr std::string_view kPrefix = "unexpected opcode: ";
  if (!message.starts_with(kPrefix)) return std::nullopt;
  const std::string_view opcode = message.substr(kPrefix.size());
  static constexpr std::pair<std::string_view, std::string_view> kNewer[] = {
      {"0x1f", "exception handling (try_table)"},  {"0xa", "exception handling (throw_ref)"},
      {"0x0a", "exception handling (throw_ref)"},  {"0xfc 0x13", "wide arithmetic"},
      {"0xfc 0x14", "wide arithmetic"},            {"0xfc 0x15", "wide arithmetic"},
      {"0xfc 0x16", "wide arithmetic"},            {"0xe0", "stack switching"},
      {"0xe1", "stack switching"},                 {"0xe2", "stack switching"},
      {"0xe3", "stack switching"},                 {"0xe4", "stack switching"},
      {"0xe5", "stack switching"},
  };
  for (const auto& [code, proposal] : kNewer)
    if (opcode == code) return proposal;
  return std::nullopt;
}

Expected<std::optional<ValidationProblem>> validate_module(ByteSource& source, Deadline deadline) {
  if (source.size() > kMaxValidateBytes)
    return InputError{std::nullopt, fmt::format("--validate: {} bytes, more than the {} MiB astrid-abi validates; "
                                                "validate it with wasm-validate",
                                                source.size(), kMaxValidateBytes >> 20)};
  const auto now = std::chrono::steady_clock::now();
  if (deadline <= now)
    return InputError{std::nullopt, fmt::format("--validate: not validated, the {} s its input may take are spent",
                                                kValidateInputTime.count())};
  deadline = std::min(deadline, now + kValidateModuleTime);
  const unsigned seconds = static_cast<unsigned>(
      std::chrono::duration_cast<std::chrono::seconds>(deadline - now).count() + 1);

  std::vector<uint8_t> bytes(source.size());
  if (!source.read(0, bytes.size(), bytes.data())) return InputError{std::nullopt, "could not read the file"};

  int verdict_pipe[2], diagnostic_pipe[2];
  if (::pipe2(verdict_pipe, O_CLOEXEC) != 0)
    return InputError{std::nullopt, std::string("--validate: cannot create a pipe: ") + std::strerror(errno)};
  UniqueFd verdict_read(verdict_pipe[0]), verdict_write(verdict_pipe[1]);
  if (::pipe2(diagnostic_pipe, O_CLOEXEC) != 0)
    return InputError{std::nullopt, std::string("--validate: cannot create a pipe: ") + std::strerror(errno)};
  UniqueFd diagnostic_read(diagnostic_pipe[0]), diagnostic_write(diagnostic_pipe[1]);

  const pid_t pid = ::fork();
  if (pid < 0) return InputError{std::nullopt, std::string("--validate: cannot fork: ") + std::strerror(errno)};
  if (pid == 0) child(verdict_write.get(), diagnostic_write.get(), bytes, seconds);
  verdict_write.reset();
  diagnostic_write.reset();
  const ChildRun run = wait_child(pid, std::move(verdict_read), std::move(diagnostic_read), deadline);

  if (!run.killed && WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0)
    if (auto verdict = parse_frame(run.verdict)) {
      if (*verdict && (*verdict)->unreadable) (*verdict)->message = explain_wabt_message((*verdict)->message);
      return *verdict;
    }
  // wabt aborted (an assertion), hit a limit, or gave no verdict.
  const std::string why =
      run.killed ? fmt::format("took over {} s", seconds - 1)
      : WIFSIGNALED(run.status) && (WTERMSIG(run.status) == SIGALRM || WTERMSIG(run.status) == SIGXCPU)
          ? fmt::format("took over {} s", seconds - 1)
      : WIFSIGNALED(run.status) ? fmt::format("stopped with signal {}", WTERMSIG(run.status))
      : WIFEXITED(run.status) && WEXITSTATUS(run.status) != 0
          ? fmt::format("exited with status {}", WEXITSTATUS(run.status))
          : std::string("gave no verdict");
  const std::string said = last_line(run.diagnostic);
  return InputError{std::nullopt,
                    fmt::format("--validate: wabt's reader {} on this module{}", why, said.empty() ? "" : " (" + said + ")")};
}

}  // namespace astrid
