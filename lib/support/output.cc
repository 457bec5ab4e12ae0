#include "support/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>

#include "support/utf8.h"

namespace astrid {
namespace {

bool stdout_closed = false;
int write_errno = 0;  // the first failure writing standard output
std::optional<std::string> output_file;  // -o FILE
std::string output_buffer;               // what goes to it

// What the Actions runner trims before it looks for "::" (.NET's
// TrimStart: Char.IsWhiteSpace), and the invisible code points that look
// like nothing: a line starting with them starts, to a reader, at "::".
bool leading_blank(char32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || cp == 0x85 || cp == 0xa0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200b) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
         cp == 0x3000 || cp == 0xfeff;
}

bool starts_with_nocase(std::string_view text, size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[at + i])) != prefix[i]) return false;
  return true;
}

void neutralise_line(std::string_view line, OutputKind kind, std::string& out) {
  const std::string_view colon = kind == OutputKind::Json ? "\\u003a" : "\\x3a";
  const std::string_view hash = kind == OutputKind::Json ? "\\u0023" : "\\x23";
  size_t start = 0;
  for (char32_t cp = 0; start < line.size();) {
    const size_t n = decode_utf8(line, start, &cp);
    if (n == 0 || !leading_blank(cp)) break;
    start += n;
  }
  const bool command = kind != OutputKind::WorkflowCommands && line.substr(start).starts_with("::");
  for (size_t i = 0; i < line.size(); ++i) {
    if (command && i == start) {
      out += colon;
    } else if (line[i] == '#' && (starts_with_nocase(line, i, "##[") || starts_with_nocase(line, i, "##vso["))) {
      out += hash;
    } else {
      out += line[i];
    }
  }
}

}  // namespace

std::string neutralise_ci_commands(std::string_view text, OutputKind kind) {
  std::string out;
  out.reserve(text.size());
  // A line ends at LF or CR: the runner reads lines as .NET's ReadLine
  // does, and a CR alone ends one there.
  while (!text.empty()) {
    const size_t end = text.find_first_of("\r\n");
    const size_t length = end == std::string_view::npos ? text.size() : end + 1;
    neutralise_line(text.substr(0, length), kind, out);
    text.remove_prefix(length);
  }
  return out;
}

void set_output_file(const std::string& path) { output_file = path; }
bool output_to_file() { return output_file.has_value(); }

void guard_standard_streams() {
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    if (fd == STDOUT_FILENO) stdout_closed = true;
    // open() takes the lowest free descriptor: this one.
    ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
  }
}

void write_out(std::FILE* stream, std::string_view raw, OutputKind kind) {
  const std::string text = neutralise_ci_commands(raw, kind);
  if (stream == stdout && output_file) {
    output_buffer += text;
    return;
  }
  if (std::fwrite(text.data(), 1, text.size(), stream) != text.size() && stream == stdout && !write_errno)
    write_errno = errno ? errno : EIO;
}

void write_stderr(std::string_view raw) {
  const std::string text = neutralise_ci_commands(raw);
  (void)std::fwrite(text.data(), 1, text.size(), stderr);
  (void)std::fflush(stderr);
}

int finish_output(int status) {
  if (output_file) {
    // A usage error, or no input read, writes no report: the old one stays.
    if (status == 2 && output_buffer.empty()) return status;
    std::string why;
    if (write_file_atomically(*output_file, output_buffer, &why)) return status;
    write_stderr("astrid-abi: error: -o: the report cannot be written there: " + why + "; nothing was written\n");
    return 2;
  }
  // stdio first: it is where the bytes are, and where errno tells why.
  if (std::fflush(stdout) != 0 && !write_errno) write_errno = errno ? errno : EIO;
  std::cout.flush();
  if (std::ferror(stdout) && !write_errno) write_errno = EIO;
  if (!std::cout.good() && !write_errno) write_errno = EIO;
  if (!stdout_closed && !write_errno) return status;
  const std::string why = stdout_closed ? "standard output is closed" : std::strerror(write_errno);
  write_stderr("astrid-abi: write error: " + why + "; the output is incomplete\n");
  return 2;
}

bool write_file_atomically(const std::string& given, std::string_view text, std::string* why) {
  auto fail = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return false;
  };
  // A symbolic link is written through: the file it names is replaced,
  // and the link stays.
  std::string path = given;
  struct stat st {};
  if (::lstat(given.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    char resolved[PATH_MAX];
    if (!::realpath(given.c_str(), resolved))
      return fail(std::string("a symbolic link to nothing that can be written (") + std::strerror(errno) + ")");
    path = resolved;
  }
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) return fail("not a regular file");
  mode_t mode = 0;
  if (exists) {
    mode = st.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  std::string temp = path + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return fail(std::strerror(errno));
  bool ok = true;
  for (size_t done = 0; ok && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  int error = ok ? 0 : errno ? errno : EIO;
  if (::fchmod(fd, mode) != 0 && !error) error = errno;
  if (::close(fd) != 0 && !error) error = errno;
  if (!error && ::rename(temp.c_str(), path.c_str()) == 0) return true;
  if (!error) error = errno;
  ::unlink(temp.c_str());
  return fail(std::strerror(error ? error : EIO));
}

}  // namespace astrid
