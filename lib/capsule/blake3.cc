#include "capsule/blake3.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>
#include <vector>

namespace astrid {
namespace {

constexpr size_t kBlockBytes = 64;
constexpr size_t kChunkBytes = 1024;

// Domain flags, one per kind of compression.
constexpr uint32_t kChunkStart = 1u << 0;
constexpr uint32_t kChunkEnd = 1u << 1;
constexpr uint32_t kParent = 1u << 2;
constexpr uint32_t kRoot = 1u << 3;
constexpr uint32_t kKeyedHash = 1u << 4;
constexpr uint32_t kDeriveKeyContext = 1u << 5;
constexpr uint32_t kDeriveKeyMaterial = 1u << 6;

using Words = std::array<uint32_t, 8>;
using Block = std::array<uint32_t, 16>;

constexpr Words kIv = {0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
                       0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19};

// Which message word each of the 7 rounds reads at each position: the
// spec's permutation applied round after round, worked out once here
// instead of moving the message words between rounds.
constexpr std::array<std::array<uint8_t, 16>, 7> kSchedule = [] {
  constexpr std::array<uint8_t, 16> permutation = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};
  std::array<std::array<uint8_t, 16>, 7> schedule{};
  for (uint8_t i = 0; i < 16; ++i) schedule[0][i] = i;
  for (size_t r = 1; r < 7; ++r)
    for (size_t i = 0; i < 16; ++i) schedule[r][i] = schedule[r - 1][permutation[i]];
  return schedule;
}();

inline uint32_t load32(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

inline void store32(uint8_t* p, uint32_t w) {
  p[0] = uint8_t(w);
  p[1] = uint8_t(w >> 8);
  p[2] = uint8_t(w >> 16);
  p[3] = uint8_t(w >> 24);
}

inline Block load_block(const uint8_t* bytes) {
  Block m;
  for (size_t i = 0; i < 16; ++i) m[i] = load32(bytes + 4 * i);
  return m;
}

inline void g(uint32_t* s, int a, int b, int c, int d, uint32_t x, uint32_t y) {
  s[a] = s[a] + s[b] + x;
  s[d] = std::rotr(s[d] ^ s[a], 16);
  s[c] = s[c] + s[d];
  s[b] = std::rotr(s[b] ^ s[c], 12);
  s[a] = s[a] + s[b] + y;
  s[d] = std::rotr(s[d] ^ s[a], 8);
  s[c] = s[c] + s[d];
  s[b] = std::rotr(s[b] ^ s[c], 7);
}

// One round: the columns, then the diagonals. The round number is a
// template argument so that every message index is a constant and the
// state can live in registers: a third faster than a loop over the rounds,
// as fast as the BLAKE3 team's portable C.
template <size_t R>
inline void round(uint32_t* s, const Block& m) {
  constexpr const auto& r = kSchedule[R];
  g(s, 0, 4, 8, 12, m[r[0]], m[r[1]]);
  g(s, 1, 5, 9, 13, m[r[2]], m[r[3]]);
  g(s, 2, 6, 10, 14, m[r[4]], m[r[5]]);
  g(s, 3, 7, 11, 15, m[r[6]], m[r[7]]);
  g(s, 0, 5, 10, 15, m[r[8]], m[r[9]]);
  g(s, 1, 6, 11, 12, m[r[10]], m[r[11]]);
  g(s, 2, 7, 8, 13, m[r[12]], m[r[13]]);
  g(s, 3, 4, 9, 14, m[r[14]], m[r[15]]);
}

// The compression function: all 16 words of the final state, as the
// extendable output needs them; a chaining value is the first 8.
std::array<uint32_t, 16> compress(const Words& cv, const Block& m, uint64_t counter, uint32_t block_length,
                                  uint32_t flags) {
  std::array<uint32_t, 16> s = {cv[0],  cv[1],  cv[2],  cv[3],  cv[4],  cv[5],
                                cv[6],  cv[7],  kIv[0], kIv[1], kIv[2], kIv[3],
                                uint32_t(counter), uint32_t(counter >> 32), block_length, flags};
  [&]<size_t... R>(std::index_sequence<R...>) { (round<R>(s.data(), m), ...); }(std::make_index_sequence<7>());
  for (size_t i = 0; i < 8; ++i) {
    s[i] ^= s[i + 8];
    s[i + 8] ^= cv[i];
  }
  return s;
}

Words chaining_value(const Words& cv, const Block& m, uint64_t counter, uint32_t block_length, uint32_t flags) {
  const auto s = compress(cv, m, counter, block_length, flags);
  Words out;
  std::copy_n(s.begin(), 8, out.begin());
  return out;
}

// A chunk's or a parent's last compression, not yet made: with ROOT it
// gives the output bytes, without it the node's chaining value.
struct Node {
  Words cv;
  Block m;
  uint64_t counter;
  uint32_t block_length;
  uint32_t flags;

  Words chaining_value() const { return astrid::chaining_value(cv, m, counter, block_length, flags); }
};

Node parent(const Words& left, const Words& right, const Words& key, uint32_t flags) {
  Node node{key, {}, 0, kBlockBytes, flags | kParent};
  std::copy(left.begin(), left.end(), node.m.begin());
  std::copy(right.begin(), right.end(), node.m.begin() + 8);
  return node;
}

}  // namespace

Blake3::Blake3() : Blake3(kIv, 0) {}

Blake3::Blake3(const Words& key, uint32_t flags) : key_(key), flags_(flags), chunk_cv_(key) {}

Blake3 Blake3::keyed(std::span<const uint8_t, kKeyBytes> key) {
  Words words;
  for (size_t i = 0; i < 8; ++i) words[i] = load32(key.data() + 4 * i);
  return Blake3(words, kKeyedHash);
}

Blake3 Blake3::derive_key(std::string_view context) {
  Blake3 context_hasher(kIv, kDeriveKeyContext);
  context_hasher.update(context);
  const Blake3Hash context_key = context_hasher.finalize();
  Words words;
  for (size_t i = 0; i < 8; ++i) words[i] = load32(context_key.data() + 4 * i);
  return Blake3(words, kDeriveKeyMaterial);
}

void Blake3::chunk_update(const uint8_t* input, size_t length) {
  auto compress_block = [&](const uint8_t* bytes) {
    const uint32_t start = blocks_compressed_ == 0 ? kChunkStart : 0;
    chunk_cv_ = chaining_value(chunk_cv_, load_block(bytes), chunk_counter_, kBlockBytes, flags_ | start);
    ++blocks_compressed_;
  };
  if (block_length_ > 0) {
    const size_t take = std::min(kBlockBytes - block_length_, length);
    std::memcpy(block_.data() + block_length_, input, take);
    block_length_ += static_cast<uint8_t>(take);
    input += take;
    length -= take;
    if (length == 0) return;  // a full buffer waits: it may be the chunk's last block
    compress_block(block_.data());
    block_length_ = 0;
  }
  // Whole blocks straight from the input, as long as more follows them.
  for (; length > kBlockBytes; input += kBlockBytes, length -= kBlockBytes) compress_block(input);
  std::memcpy(block_.data(), input, length);
  block_length_ = static_cast<uint8_t>(length);
}

// A completed chunk's chaining value completes as many subtrees as there
// are trailing zero bits in the number of chunks so far: each pops its left
// half off the stack (BLAKE3 spec, 5.1.2).
void Blake3::push_chunk(const Words& chunk_cv, uint64_t total_chunks) {
  Words cv = chunk_cv;
  for (; (total_chunks & 1) == 0; total_chunks >>= 1)
    cv = parent(stack_[--stack_length_], cv, key_, flags_).chaining_value();
  stack_[stack_length_++] = cv;
}

void Blake3::update(std::span<const uint8_t> input) {
  const uint8_t* p = input.data();
  size_t left = input.size();
  while (left > 0) {
    // A full chunk is closed only now that more input shows it is not the
    // last one, which would be the root.
    if (chunk_length() == kChunkBytes) {
      const uint32_t start = blocks_compressed_ == 0 ? kChunkStart : 0;
      push_chunk(chaining_value(chunk_cv_, load_block(block_.data()), chunk_counter_, block_length_,
                                flags_ | start | kChunkEnd),
                 chunk_counter_ + 1);
      ++chunk_counter_;
      chunk_cv_ = key_;
      block_length_ = 0;
      blocks_compressed_ = 0;
    }
    const size_t take = std::min(kChunkBytes - chunk_length(), left);
    chunk_update(p, take);
    p += take;
    left -= take;
  }
}

void Blake3::update(std::string_view input) {
  update(std::span(reinterpret_cast<const uint8_t*>(input.data()), input.size()));
}

bool Blake3::update(ByteSource& source) {
  std::vector<uint8_t> buffer(64 * 1024);
  const uint64_t size = source.size();
  for (uint64_t offset = 0; offset < size;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(buffer.size(), size - offset));
    if (!source.read(offset, n, buffer.data())) return false;
    update(std::span<const uint8_t>(buffer.data(), n));
    offset += n;
  }
  return true;
}

void Blake3::finalize(std::span<uint8_t> out, uint64_t seek) const {
  // The current chunk's last block, zero-padded: the buffer may hold stale
  // bytes past block_length_.
  std::array<uint8_t, 64> last{};
  std::memcpy(last.data(), block_.data(), block_length_);
  const uint32_t start = blocks_compressed_ == 0 ? kChunkStart : 0;
  Node node{chunk_cv_, load_block(last.data()), chunk_counter_, block_length_, flags_ | start | kChunkEnd};
  // Up the right edge of the tree: each stacked subtree is a left sibling.
  for (size_t i = stack_length_; i > 0; --i) node = parent(stack_[i - 1], node.chaining_value(), key_, flags_);

  // Output block k is the root compression with counter k.
  uint64_t counter = seek / kBlockBytes;
  size_t skip = static_cast<size_t>(seek % kBlockBytes);
  for (size_t done = 0; done < out.size(); ++counter, skip = 0) {
    const auto words = compress(node.cv, node.m, counter, node.block_length, node.flags | kRoot);
    uint8_t bytes[kBlockBytes];
    for (size_t i = 0; i < 16; ++i) store32(bytes + 4 * i, words[i]);
    const size_t take = std::min(kBlockBytes - skip, out.size() - done);
    std::memcpy(out.data() + done, bytes + skip, take);
    done += take;
  }
}

Blake3Hash Blake3::finalize() const {
  Blake3Hash hash;
  finalize(hash);
  return hash;
}

std::string to_hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(bytes.size() * 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    hex[2 * i] = kDigits[bytes[i] >> 4];
    hex[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return hex;
}

}  // namespace astrid
