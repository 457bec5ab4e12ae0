// BLAKE3, the hash the kernel names a capsule's content with (the content
// digest of Capsule.provenance.json, the installed component's file name).
// Debian 12 packages b3sum but no C library for it, so here is a portable
// one: one 64-byte block at a time, no SIMD, no threads.
//
// Memory is constant whatever the input's length: a 64-byte block buffer
// and a stack of at most 54 subtree chaining values (2^54 chunks of 1 KiB
// is 2^64 bytes), merged as each chunk completes (BLAKE3 spec, 5.1.2). So
// an archive member can be hashed while it streams past.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "wasm/byte_source.h"

namespace astrid {

using Blake3Hash = std::array<uint8_t, 32>;

class Blake3 {
 public:
  static constexpr size_t kKeyBytes = 32;

  // The regular hash.
  Blake3();
  // The keyed hash (a MAC), with a 32-byte key.
  static Blake3 keyed(std::span<const uint8_t, kKeyBytes> key);
  // Key derivation: `context` is a hard-coded, globally unique string; the
  // input given to update() is the key material.
  static Blake3 derive_key(std::string_view context);

  // Any number of times, in pieces of any size: the result depends only on
  // the concatenation.
  void update(std::span<const uint8_t> input);
  void update(std::string_view input);
  // All of `source`, read in 64 KiB pieces. False when it cannot be read
  // (the hasher then holds part of it and should be dropped).
  bool update(ByteSource& source);

  // Bytes [seek, seek + out.size()) of the extendable output; any length.
  // The first 32 are the hash. The state is not changed, so more input may
  // follow and finalize be called again.
  void finalize(std::span<uint8_t> out, uint64_t seek = 0) const;
  Blake3Hash finalize() const;

 private:
  using Words = std::array<uint32_t, 8>;
  Blake3(const Words& key, uint32_t flags);

  // The chunk being filled (up to 1 KiB): its chaining value so far and its
  // last, not yet compressed, block. A block is compressed only once more
  // input shows it is not the chunk's last, which gets CHUNK_END.
  size_t chunk_length() const { return blocks_compressed_ * 64u + block_length_; }
  void chunk_update(const uint8_t* input, size_t length);
  void push_chunk(const Words& chunk_cv, uint64_t total_chunks);

  Words key_;
  uint32_t flags_;
  Words chunk_cv_;
  uint64_t chunk_counter_ = 0;
  std::array<uint8_t, 64> block_{};
  uint8_t block_length_ = 0;
  uint8_t blocks_compressed_ = 0;
  std::array<Words, 54> stack_;
  uint8_t stack_length_ = 0;
};

// Lowercase hexadecimal, as b3sum and the kernel print a hash.
std::string to_hex(std::span<const uint8_t> bytes);

}  // namespace astrid
