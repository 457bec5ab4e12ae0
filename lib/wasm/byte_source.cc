#include "support/expected.h"
#include "wasm/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace astrid {
namespace {

const char* not_regular(mode_t mode) {
  return S_ISDIR(mode)    ? "is a directory"
         : S_ISFIFO(mode) ? "is a FIFO, not a regular file"
         : S_ISSOCK(mode) ? "is a socket, not a regular file"
                          : "is a device, not a regular file";
}

}  // namespace

bool MemorySource::read(uint64_t offset, size_t count, uint8_t* out) {
  if (offset > bytes_.size() || count > bytes_.size() - offset) return false;
  // Nothing to copy: `out` may be the null data() of an empty buffer, and
  // memcpy with a null pointer is undefined even for no bytes.
  if (count > 0) std::memcpy(out, bytes_.data() + offset, count);
  return true;
}

Expected<FileSource> FileSource::open(const std::string& path) {
  // A device is refused before it is opened: opening one can have effects
  // of its own (a tape rewinds, a terminal becomes controlling).
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return InputError{std::nullopt, not_regular(st.st_mode)};
  // O_NONBLOCK: opening a FIFO for reading must not wait for a writer (if
  // one replaced the file since the stat).
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (!fd) return InputError{std::nullopt, std::strerror(errno)};
  return adopt(std::move(fd));
}

Expected<FileSource> FileSource::adopt(UniqueFd fd) {
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) return InputError{std::nullopt, std::strerror(errno)};
  if (!S_ISREG(st.st_mode)) return InputError{std::nullopt, not_regular(st.st_mode)};
  return FileSource(std::move(fd), static_cast<uint64_t>(st.st_size));
}

Expected<UniqueFd> FileSource::temporary_file() {
  const char* dir = std::getenv("TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  // O_TMPFILE: no name, so nothing is left behind whatever happens.
  UniqueFd fd(::open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (fd) return fd;
  // Where the file system lacks O_TMPFILE (tmpfs before Linux 3.11, some
  // network file systems), a named file removed at once does the same.
  if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL || errno == ENOENT) {
    std::string name = std::string(dir) + "/astrid-abi-XXXXXX";
    fd.reset(::mkostemp(name.data(), O_CLOEXEC));
    if (fd) {
      ::unlink(name.c_str());
      return fd;
    }
  }
  return InputError{std::nullopt, std::string("cannot create a temporary file in ") + dir + ": " + std::strerror(errno)};
}

std::optional<InputError> FileSource::write_all(int fd, const uint8_t* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return InputError{std::nullopt, std::string("cannot write a temporary file: ") + std::strerror(errno)};
    data += n;
    size -= static_cast<size_t>(n);
  }
  return std::nullopt;
}

bool FileSource::read(uint64_t offset, size_t count, uint8_t* out) {
  if (offset > size_ || count > size_ - offset) return false;
  if (count == 0) return true;
  if (count > kWindow) {
    // Large reads (whole sections) go straight to the caller's buffer.
    size_t done = 0;
    while (done < count) {
      ssize_t n = ::pread(fd_.get(), out + done, count - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }
  if (offset < window_offset_ || offset + count > window_offset_ + window_.size()) {
    // No larger than what is left of the file: most capsules' interface
    // fits in a few kilobytes, and the window need not be zeroed beyond.
    const size_t want = static_cast<size_t>(std::min<uint64_t>(kWindow, size_ - offset));
    window_.resize(want);
    size_t filled = 0;
    while (filled < want) {
      ssize_t n = ::pread(fd_.get(), window_.data() + filled, want - filled, static_cast<off_t>(offset + filled));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      filled += static_cast<size_t>(n);
    }
    window_.resize(filled);
    window_offset_ = offset;
    if (count > filled) return false;
  }
  std::memcpy(out, window_.data() + (offset - window_offset_), count);
  return true;
}

Expected<std::string> read_text_file(const std::string& path, uint64_t limit) {
  auto opened = FileSource::open(path);
  if (!opened) return opened.error();
  FileSource& source = *opened;
  if (source.size() > limit)
    return InputError{std::nullopt, std::to_string(source.size()) + " bytes, more than the " +
                                        std::to_string(limit >> 10) + " KiB astrid-abi reads of such a file"};
  std::string text(source.size(), '\0');
  if (!source.read(0, text.size(), reinterpret_cast<uint8_t*>(text.data())))
    return InputError{std::nullopt, "could not read the file"};
  return text;
}

}  // namespace astrid
