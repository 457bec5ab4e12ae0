// Names and paths come from untrusted files: before they reach a terminal
// or a CI log, every byte that could steer it is made visible instead.
#pragma once

#include <string>
#include <string_view>

namespace astrid {

// Escapes C0 and C1 control characters (ESC, newline, ...), DEL, Unicode
// bidirectional overrides, backslash and invalid UTF-8 as \n, \xNN or
// \u{NNNN}; printable UTF-8 passes through unchanged.
std::string escape_untrusted(std::string_view text);

// A file name as it starts a line of human-readable output: escaped, and
// made unable to read as a CI runner's command. GitHub Actions takes a
// line beginning "::" (after white space) as a workflow command, Azure
// Pipelines one beginning "##vso[": a relative path that starts with white
// space, ':' or '#' is written "./path", which names the same file.
std::string display_path(std::string_view path);

}  // namespace astrid
