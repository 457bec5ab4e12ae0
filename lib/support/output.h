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

// Writes all of `text`, or records the failure for finish_output.
void write_out(std::FILE* stream, std::string_view text);
inline void write_stdout(std::string_view text) { write_out(stdout, text); }
// Standard error: best effort, never throws, never fails the run.
void write_stderr(std::string_view text);

// Flushes standard output (C and C++ streams both). If anything written
// to it was lost, says so on standard error and returns 2 (kExitInput);
// else returns `status`.
int finish_output(int status);

// Writes a whole file: to a temporary file beside it, then renamed over
// it, so that a reader never sees half of it and a failure leaves the old
// one. False when it could not be written.
bool write_file_atomically(const std::string& path, std::string_view text);

}  // namespace astrid
