#include "report/escape.h"

#include <fmt/format.h>

#include "support/utf8.h"

namespace astrid {
namespace {

// Spaces other than the ASCII space: they look like one (or like nothing),
// and the Actions runner trims them (.NET's TrimStart) before it looks for
// a "::command::" at the start of a line.
bool is_unicode_space(char32_t cp) {
  return cp == 0x85 || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f ||
         cp == 0x205f || cp == 0x3000;
}

// Code points that change what a terminal shows without showing
// themselves: controls, bidirectional controls, line and paragraph
// separators, and the invisible ones (Unicode's Default_Ignorable_Code_Point,
// tags included), with which a name can hide or fake part of itself.
bool steers_terminal(char32_t cp) {
  return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||  // C0, DEL, C1
         cp == 0x00ad || cp == 0x034f || cp == 0x061c || cp == 0x115f || cp == 0x1160 ||
         cp == 0x17b4 || cp == 0x17b5 || (cp >= 0x180b && cp <= 0x180f) ||
         (cp >= 0x200b && cp <= 0x200f) ||  // zero-width, directional marks
         cp == 0x2028 || cp == 0x2029 ||    // line and paragraph separators
         (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) ||  // bidi, word joiner, ...
         cp == 0x3164 || (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff || cp == 0xffa0 ||
         (cp >= 0xfff0 && cp <= 0xfffb) || (cp >= 0x1bca0 && cp <= 0x1bca3) ||
         (cp >= 0x1d173 && cp <= 0x1d17a) || (cp >= 0xe0000 && cp <= 0xe0fff) ||  // tags, variation selectors
         is_unicode_space(cp);
}

}  // namespace

std::string escape_untrusted(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const size_t length = decode_utf8(text, i, &cp);
    if (length == 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      i += 1;
      continue;
    }
    if (cp == '\\') {
      out += "\\\\";
    } else if (cp == '#' && (text.substr(i + 1, 2) == "#[" || text.substr(i + 1, 5) == "#vso[")) {
      // "##[command]" is a workflow command wherever it stands in a line
      // (the Actions runner's older syntax), as "##vso[" is for Azure
      // Pipelines: never let one pass whole.
      out += "\\x23";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp < 0x80 && steers_terminal(cp)) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(cp));
    } else if (steers_terminal(cp)) {
      out += fmt::format("\\u{{{:04x}}}", static_cast<unsigned>(cp));
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string display_path(std::string_view path) {
  std::string out = escape_untrusted(path);
  if (!out.empty() && (out[0] == ' ' || out[0] == ':' || out[0] == '#' || out[0] == '\\')) out.insert(0, "./");
  return out;
}


}  // namespace astrid
