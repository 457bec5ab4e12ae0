#include "byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace astrid {

bool MemorySource::read(uint64_t offset, size_t count, uint8_t* out) {
  if (offset > bytes_.size() || count > bytes_.size() - offset) return false;
  std::memcpy(out, bytes_.data() + offset, count);
  return true;
}

std::variant<FileSource, InputError> FileSource::open(const std::string& path) {
  // O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return InputError{std::nullopt, std::strerror(errno)};
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    InputError error{std::nullopt, std::strerror(errno)};
    ::close(fd);
    return error;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    const char* what = S_ISDIR(st.st_mode)    ? "is a directory"
                       : S_ISFIFO(st.st_mode) ? "is a FIFO, not a regular file"
                       : S_ISSOCK(st.st_mode) ? "is a socket, not a regular file"
                                              : "is a device, not a regular file";
    return InputError{std::nullopt, what};
  }
  return FileSource(fd, static_cast<uint64_t>(st.st_size));
}

FileSource::FileSource(FileSource&& other) noexcept
    : fd_(other.fd_), size_(other.size_), window_(std::move(other.window_)), window_offset_(other.window_offset_) {
  other.fd_ = -1;
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

bool FileSource::read(uint64_t offset, size_t count, uint8_t* out) {
  if (offset > size_ || count > size_ - offset) return false;
  if (count > kWindow) {
    // Large reads (whole sections) go straight to the caller's buffer.
    size_t done = 0;
    while (done < count) {
      ssize_t n = ::pread(fd_, out + done, count - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }
  if (offset < window_offset_ || offset + count > window_offset_ + window_.size()) {
    window_.resize(kWindow);
    size_t filled = 0;
    while (filled < kWindow) {
      ssize_t n = ::pread(fd_, window_.data() + filled, kWindow - filled, static_cast<off_t>(offset + filled));
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

}  // namespace astrid
