#include "capsule/toml_depth.h"

#include <fmt/format.h>

#include <vector>

namespace astrid {
namespace {

// A container the scan is inside: an array or an inline table, and the
// depth of the values directly in it.
struct Frame {
  bool table;
  unsigned depth;
};

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::optional<InputError> run() {
    while (i_ < text_.size() && !error_) {
      const char c = text_[i_];
      if (c == '\n') {
        advance();
        // A newline ends a key/value pair at the top level; inside an
        // array (which may span lines) it ends nothing.
        if (frames_.empty()) start_statement();
      } else if (c == '#') {
        while (i_ < text_.size() && text_[i_] != '\n') advance();
      } else if (c == '"' || c == '\'') {
        skip_string();
        // A quoted key is one part of the key, whatever its dots.
      } else if (in_key_) {
        key_char(c);
      } else {
        value_char(c);
      }
    }
    return error_;
  }

 private:
  void advance() {
    if (text_[i_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(text_[i_]) & 0xc0) != 0x80) {
      ++column_;  // columns count characters, not UTF-8 bytes
    }
    ++i_;
  }

  bool at(std::string_view s) const { return text_.substr(i_, s.size()) == s; }

  void fail(unsigned depth) {
    error_ = InputError{std::nullopt,
                        fmt::format("nested {} levels deep, more than the {} astrid-abi reads (table headers, dotted "
                                    "keys, inline tables and arrays all count)",
                                    depth, kMaxTomlDepth),
                        line_, column_};
  }

  void start_statement() {
    in_key_ = true;
    header_ = false;
    key_started_ = false;
    key_parts_ = 1;
  }

  // The depth of a key's value: the container's, the header's (at the
  // top level), and one per part of the key.
  unsigned key_depth() const {
    const unsigned base = frames_.empty() ? (header_ ? 0 : table_depth_) : frames_.back().depth;
    return base + key_parts_;
  }

  void key_char(char c) {
    if (c == '[' && frames_.empty() && !header_ && key_parts_ == 1 && !key_started_) {
      // A table header, [a.b] or [[a.b]]: the depth of what follows it.
      header_ = true;
      advance();
      if (i_ < text_.size() && text_[i_] == '[') advance();
      return;
    }
    if (c == '.') {
      ++key_parts_;
      if (key_depth() > kMaxTomlDepth) return fail(key_depth());
    } else if (c == ']' && header_) {
      table_depth_ = key_parts_;
      while (i_ < text_.size() && text_[i_] == ']') advance();
      start_statement();
      return;
    } else if (c == '=' && !header_) {
      value_depth_ = key_depth();
      in_key_ = false;
      key_started_ = false;
    } else if (c == '}' && !frames_.empty() && frames_.back().table) {
      // An empty inline table, or one closed after a trailing comma.
      return value_char(c);
    } else if (c != ' ' && c != '\t' && c != '\r') {
      key_started_ = true;
    }
    advance();
  }

  void value_char(char c) {
    if (c == '[' || c == '{') {
      const unsigned depth = value_depth_ + 1;
      if (depth > kMaxTomlDepth) return fail(depth);
      frames_.push_back({c == '{', depth});
      advance();
      if (c == '{') {
        in_key_ = true;
        key_started_ = false;
        key_parts_ = 1;
      } else {
        value_depth_ = depth;
      }
      return;
    }
    if ((c == ']' || c == '}') && !frames_.empty()) {
      frames_.pop_back();
      value_depth_ = frames_.empty() ? 0 : frames_.back().depth;
    } else if (c == ',' && !frames_.empty()) {
      if (frames_.back().table) {
        in_key_ = true;
        key_started_ = false;
        key_parts_ = 1;
      } else {
        value_depth_ = frames_.back().depth;
      }
    }
    advance();
  }

  // A basic or literal string, single- or multi-line, skipped whole.
  void skip_string() {
    key_started_ = key_started_ || in_key_;
    const char quote = text_[i_];
    const std::string_view triple = quote == '"' ? "\"\"\"" : "'''";
    if (at(triple)) {
      for (int k = 0; k < 3; ++k) advance();
      while (i_ < text_.size() && !at(triple)) {
        if (quote == '"' && text_[i_] == '\\' && i_ + 1 < text_.size()) advance();
        advance();
      }
      // Up to two quotes may end the content just before the delimiter.
      while (i_ < text_.size() && text_[i_] == quote) advance();
      return;
    }
    advance();
    while (i_ < text_.size() && text_[i_] != quote && text_[i_] != '\n') {
      if (quote == '"' && text_[i_] == '\\' && i_ + 1 < text_.size() && text_[i_ + 1] != '\n') advance();
      advance();
    }
    if (i_ < text_.size() && text_[i_] == quote) advance();
  }

  std::string_view text_;
  size_t i_ = 0;
  uint32_t line_ = 1, column_ = 1;
  std::vector<Frame> frames_;
  bool in_key_ = true;
  bool header_ = false;
  bool key_started_ = false;
  unsigned key_parts_ = 1;
  unsigned table_depth_ = 0;  // of the last table header
  unsigned value_depth_ = 0;  // of the value being scanned
  std::optional<InputError> error_;
};

}  // namespace

std::optional<InputError> check_toml_depth(std::string_view text) { return Scanner(text).run(); }

}  // namespace astrid
