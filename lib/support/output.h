// Standard output and error as a command-line tool must treat them: a
// report that could not be written is a failure, never a silent exit 0
// (a SARIF file on a full disk would be empty and CI would pass), and a
// failing standard error must not take the process down with it.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace astrid {

// Call first thing in main: a standard stream that was closed (`>&-`) is
// opened on /dev/null, so that no file opened later takes its descriptor
// (a report written into a capsule's temporary file), and remembered, so
// that finish_output fails.
void guard_standard_streams();

// What a piece of output is, for neutralise_ci_commands.
enum class OutputKind {
  Text,              // for people: a report, a listing, a message
  Json,              // JSON text (JSON Lines, SARIF)
  WorkflowCommands,  // GitHub workflow commands of our own, one a line
};

// The one gate all output passes (write_out, write_stdout, write_stderr):
// no line may read as a CI runner's command, whatever input-derived text
// (a file, interface, function or key name, a message) it carries. GitHub
// Actions takes a line (ended by LF or CR) whose first non-blank
// characters are "::" as a workflow command (the runner trims white
// space, Unicode's included), and
// "##[" anywhere in a line as one of its older syntax; Azure Pipelines
// takes "##vso[" anywhere. Text gets the first ':' of such a line written
// \x3a and the first '#' of "##[" or "##vso[" written \x23, as
// escape_untrusted writes bytes; JSON gets \u003a and \u0023 (the same
// string, decoded); our own workflow commands keep their leading "::"
// (their data is encoded, it cannot start a line).
std::string neutralise_ci_commands(std::string_view text, OutputKind kind = OutputKind::Text);

// Writes all of `text`, through neutralise_ci_commands, or records the
// failure for finish_output.
void write_out(std::FILE* stream, std::string_view text, OutputKind kind = OutputKind::Text);
inline void write_stdout(std::string_view text, OutputKind kind = OutputKind::Text) { write_out(stdout, text, kind); }
// Standard error: best effort, never throws, never fails the run.
void write_stderr(std::string_view text);

// -o FILE: what is written to standard output from now on goes to FILE
// instead, written whole by finish_output (write_file_atomically).
void set_output_file(const std::string& path);
bool output_to_file();

// Flushes standard output (C and C++ streams both), or writes the -o
// file. If anything written to it was lost, says so on standard error and
// returns 2 (kExitInput); else returns `status`.
int finish_output(int status);

// Writes a whole file: to a temporary file beside it, then renamed over
// it, so that a reader never sees half of it and a failure leaves the old
// one. An existing file keeps its permissions (a new one gets 0666 less
// the umask); a symbolic link is written through, to the file it names
// (a link to nothing is refused). False when it could not be written,
// and `why` (when given) says why.
bool write_file_atomically(const std::string& path, std::string_view text, std::string* why = nullptr);

}  // namespace astrid
