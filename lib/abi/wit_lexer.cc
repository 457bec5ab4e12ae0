#include "abi/wit_lexer.h"

#include <fmt/format.h>

namespace astrid::wit {
namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c) || c == '-'; }

// The code point at `i` (which must start a sequence) and its length, or
// nullopt for malformed UTF-8 (overlong forms and surrogates included).
std::optional<std::pair<uint32_t, size_t>> decode(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return std::pair<uint32_t, size_t>{b0, 1};
  size_t n;
  uint32_t cp, min;
  if ((b0 & 0xe0) == 0xc0)
    n = 2, cp = b0 & 0x1f, min = 0x80;
  else if ((b0 & 0xf0) == 0xe0)
    n = 3, cp = b0 & 0x0f, min = 0x800;
  else if ((b0 & 0xf8) == 0xf0)
    n = 4, cp = b0 & 0x07, min = 0x10000;
  else
    return std::nullopt;
  if (i + n > s.size()) return std::nullopt;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (byte(i + k) & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
  return std::pair<uint32_t, size_t>{cp, n};
}

// What wit-parser refuses anywhere in a file, comments included: control
// codes that could make the text look other than it is on a terminal, and
// the bidirectional overrides of CVE-2021-42574.
std::optional<LexError> check_characters(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b >= 0x20 && b < 0x7f) {  // printable ASCII, nearly all of any WIT file
      ++i;
      continue;
    }
    const auto cp = decode(s, i);
    if (!cp) return LexError{static_cast<uint32_t>(i), "malformed UTF-8"};
    const uint32_t c = cp->first;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f))
      return LexError{static_cast<uint32_t>(i), fmt::format("control character U+{:04X}", c)};
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
      return LexError{static_cast<uint32_t>(i), fmt::format("bidirectional override character U+{:04X}", c)};
    i += cp->second;
  }
  return std::nullopt;
}

}  // namespace

std::optional<LexError> tokenize(std::string_view s, std::vector<Token>& out) {
  if (auto error = check_characters(s)) return error;
  out.reserve(out.size() + s.size() / 5);
  size_t i = s.starts_with("\xef\xbb\xbf") ? 3 : 0;  // a byte order mark
  bool spaced = false;
  auto push = [&](Tok kind, size_t begin, size_t end) {
    out.push_back(Token{kind, s.substr(begin, end - begin), static_cast<uint32_t>(begin), spaced});
    spaced = false;
  };
  while (i < s.size()) {
    const char c = s[i];
    const size_t begin = i;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      spaced = true;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      while (i < s.size() && s[i] != '\n') ++i;
      spaced = true;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      // Block comments nest, as in wit-parser; a counter, not recursion.
      size_t depth = 1;
      i += 2;
      while (depth > 0) {
        if (i + 1 >= s.size()) return LexError{static_cast<uint32_t>(begin), "unterminated block comment"};
        if (s[i] == '/' && s[i + 1] == '*')
          ++depth, i += 2;
        else if (s[i] == '*' && s[i + 1] == '/')
          --depth, i += 2;
        else
          ++i;
      }
      spaced = true;
      continue;
    }
    if (is_name_start(c)) {
      while (i < s.size() && is_name_char(s[i])) ++i;
      push(Tok::Id, begin, i);
      continue;
    }
    if (c == '%') {
      ++i;
      if (i >= s.size() || !is_name_start(s[i]))
        return LexError{static_cast<uint32_t>(begin), "`%` must be followed by a name"};
      while (i < s.size() && is_name_char(s[i])) ++i;
      out.push_back(Token{Tok::ExplicitId, s.substr(begin + 1, i - begin - 1), static_cast<uint32_t>(begin), spaced});
      spaced = false;
      continue;
    }
    if (c == '"') {
      // No escapes: wit-parser's only use of strings is @external-id, whose
      // value astrid-abi does not keep.
      ++i;
      while (i < s.size() && s[i] != '"' && s[i] != '\n') ++i;
      if (i >= s.size() || s[i] != '"') return LexError{static_cast<uint32_t>(begin), "unterminated string"};
      ++i;
      out.push_back(Token{Tok::String, s.substr(begin + 1, i - begin - 2), static_cast<uint32_t>(begin), spaced});
      spaced = false;
      continue;
    }
    if (is_digit(c)) {
      while (i < s.size() && is_digit(s[i])) ++i;
      push(Tok::Integer, begin, i);
      continue;
    }
    Tok kind;
    size_t length = 1;
    switch (c) {
      case '=': kind = Tok::Equals; break;
      case ',': kind = Tok::Comma; break;
      case ':': kind = Tok::Colon; break;
      case ';': kind = Tok::Semicolon; break;
      case '.': kind = Tok::Period; break;
      case '(': kind = Tok::LeftParen; break;
      case ')': kind = Tok::RightParen; break;
      case '{': kind = Tok::LeftBrace; break;
      case '}': kind = Tok::RightBrace; break;
      case '<': kind = Tok::Less; break;
      case '>': kind = Tok::Greater; break;
      case '*': kind = Tok::Star; break;
      case '@': kind = Tok::At; break;
      case '/': kind = Tok::Slash; break;
      case '+': kind = Tok::Plus; break;
      case '-':
        if (i + 1 < s.size() && s[i + 1] == '>')
          kind = Tok::Arrow, length = 2;
        else
          kind = Tok::Minus;
        break;
      default: {
        const auto cp = decode(s, i);
        return LexError{static_cast<uint32_t>(begin),
                        static_cast<unsigned char>(c) < 0x80
                            ? fmt::format("unexpected character `{}`", c)
                            : fmt::format("unexpected character U+{:04X}", cp ? cp->first : 0)};
      }
    }
    i += length;
    push(kind, begin, i);
  }
  out.push_back(Token{Tok::End, {}, static_cast<uint32_t>(s.size()), spaced});
  return std::nullopt;
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case Tok::End: return "end of file";
    case Tok::Id: return fmt::format("`{}`", token.text);
    case Tok::ExplicitId: return fmt::format("`%{}`", token.text);
    case Tok::Integer: return fmt::format("number {}", token.text);
    case Tok::String: return "a string";
    default: return fmt::format("`{}`", token.text);
  }
}

void line_column(std::string_view source, uint32_t offset, uint32_t& line, uint32_t& column) {
  line = 1;
  column = 1;
  for (size_t i = 0; i < offset && i < source.size(); ++i) {
    if (source[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(source[i]) & 0xc0) != 0x80) {
      ++column;
    }
  }
}

}  // namespace astrid::wit
