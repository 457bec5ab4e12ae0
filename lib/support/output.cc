#include "support/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>

namespace astrid {
namespace {

bool stdout_closed = false;
int write_errno = 0;  // the first failure writing standard output

}  // namespace

void guard_standard_streams() {
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    if (fd == STDOUT_FILENO) stdout_closed = true;
    // open() takes the lowest free descriptor: this one.
    ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
  }
}

void write_out(std::FILE* stream, std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stream) != text.size() && stream == stdout && !write_errno)
    write_errno = errno ? errno : EIO;
}

void write_stderr(std::string_view text) {
  (void)std::fwrite(text.data(), 1, text.size(), stderr);
  (void)std::fflush(stderr);
}

int finish_output(int status) {
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

bool write_file_atomically(const std::string& path, std::string_view text) {
  std::string temp = path + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return false;
  bool ok = true;
  for (size_t done = 0; ok && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ::fchmod(fd, 0644) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (ok && ::rename(temp.c_str(), path.c_str()) == 0) return true;
  ::unlink(temp.c_str());
  return false;
}

}  // namespace astrid
