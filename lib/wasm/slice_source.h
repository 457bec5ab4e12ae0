// A stretch of another source seen as a source of its own: how a core
// module inside a component is handed to the core module reader, which
// then reports offsets relative to the module's first byte.
#pragma once

#include <cstdint>

#include "wasm/byte_source.h"

namespace astrid {

class SliceSource final : public ByteSource {
 public:
  // [offset, offset + size) of `inner`, clamped to what `inner` has.
  SliceSource(ByteSource& inner, uint64_t offset, uint64_t size)
      : inner_(inner),
        offset_(offset <= inner.size() ? offset : inner.size()),
        size_(size <= inner.size() - offset_ ? size : inner.size() - offset_) {}

  uint64_t size() const override { return size_; }
  bool read(uint64_t offset, size_t count, uint8_t* out) override {
    if (offset > size_ || count > size_ - offset) return false;
    return count == 0 || inner_.read(offset_ + offset, count, out);
  }
  // Where the slice starts in the inner source: add it to an offset the
  // slice's reader reports to place it in the whole file.
  uint64_t base() const { return offset_; }

 private:
  ByteSource& inner_;
  uint64_t offset_;
  uint64_t size_;
};

}  // namespace astrid
