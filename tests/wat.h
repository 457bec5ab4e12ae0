// Test helper: WebAssembly text to binary, through wabt's own parser, so
// unit tests can state their modules as readably as the fixtures do.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "wasm/byte_source.h"

namespace astrid::test {

std::vector<uint8_t> wat_to_wasm(std::string_view wat);
std::vector<uint8_t> read_binary_file(const char* path);

// A source that counts what it is asked for: proof of what a read touches.
class CountingSource final : public ByteSource {
 public:
  explicit CountingSource(std::vector<uint8_t> bytes) : inner_(std::move(bytes)), size_(inner_.size()) {}
  uint64_t size() const override { return size_; }
  bool read(uint64_t offset, size_t count, uint8_t* out) override {
    bytes_read += count;
    return inner_.read(offset, count, out);
  }
  uint64_t bytes_read = 0;

 private:
  MemorySource inner_;
  uint64_t size_;
};

}  // namespace astrid::test
