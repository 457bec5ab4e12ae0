#include "support/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
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

bool write_file_atomically(const std::string& given, std::string_view text) {
  // A link is written through: the file it names is replaced, the link
  // stays (a baseline kept elsewhere and linked into the repository).
  std::string path = given;
  for (int hops = 0;; ++hops) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) break;
    if (hops == 40) return false;  // ELOOP, as the kernel counts
    std::string target(PATH_MAX, '\0');
    const ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
    if (n <= 0 || static_cast<size_t>(n) >= target.size()) return false;
    target.resize(static_cast<size_t>(n));
    const size_t slash = path.rfind('/');
    path = target.front() == '/' || slash == std::string::npos ? target : path.substr(0, slash + 1) + target;
  }
  // The file's mode kept (a 0600 file stays private); a new one gets what
  // the umask allows, as any file the user creates.
  mode_t mode;
  if (struct stat st {}; ::stat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode)) return false;
    mode = st.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
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
  ok = ::fchmod(fd, mode) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  if (ok && ::rename(temp.c_str(), path.c_str()) == 0) return true;
  ::unlink(temp.c_str());
  return false;
}

}  // namespace astrid
