// WIT tokens (internal to the reader). Comments, doc comments included, are
// skipped: the model keeps no documentation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace astrid::wit {

enum class Tok : uint8_t {
  End,
  Id,          // a name or a keyword; `text` holds it
  ExplicitId,  // %name; `text` holds the name without %
  Integer,     // decimal digits
  String,      // "…" (only @external-id takes one); `text` holds it without quotes
  Equals,
  Comma,
  Colon,
  Semicolon,
  Period,
  LeftParen,
  RightParen,
  LeftBrace,
  RightBrace,
  Less,
  Greater,
  Arrow,
  Star,
  At,
  Slash,
  Plus,
  Minus,
};

struct Token {
  Tok kind = Tok::End;
  std::string_view text;  // into the source
  uint32_t offset = 0;    // byte offset in the source
  // Whitespace or a comment precedes it: a version such as 1.0.0-rc.1 is
  // written without any.
  bool spaced = false;
};

struct LexError {
  uint32_t offset;
  std::string message;
};

// Splits the whole source, or says where it cannot. Refuses what wit-parser
// refuses: control characters other than tab, line feed and carriage
// return, bidirectional overrides, and malformed UTF-8; an unterminated
// block comment.
std::optional<LexError> tokenize(std::string_view source, std::vector<Token>& out);

// "an identifier", "`;`", "end of file": a token as an error message names it.
std::string describe(const Token& token);

// Line and column (from 1, columns in characters) of a byte offset.
void line_column(std::string_view source, uint32_t offset, uint32_t& line, uint32_t& column);

}  // namespace astrid::wit
