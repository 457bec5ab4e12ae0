// Test helper: what the component reader decodes from each file given, as
// lines that component_print_check.py also derives from wasm-tools' own
// printing of the same binary (jco print): import names and kinds, the
// export declarations of imported instances, and function types in WIT
// notation.
#include <cstdio>
#include <string>

#include "wasm/component_reader.h"

using namespace astrid;

namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

int main(int argc, char** argv) {
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    auto opened = FileSource::open(argv[i]);
    if (const InputError* e = opened ? nullptr : &opened.error()) {
      std::fprintf(stderr, "%s: %s\n", argv[i], e->message.c_str());
      status = 1;
      continue;
    }
    auto read = read_component(*opened);
    if (const InputError* e = read ? nullptr : &read.error()) {
      std::fprintf(stderr, "%s: %s\n", argv[i], e->message.c_str());
      status = 1;
      continue;
    }
    const Component& c = *read;
    auto func = [&](const std::optional<FuncType>& f) { return f ? ": " + format_func(c.types, *f, 100000) : ""; };
    for (const ComponentImport& import : c.imports) {
      std::string line = "import " + quoted(import.name) + " " + std::string(to_string(import.kind));
      if (import.kind == Sort::Func) line += func(import.func);
      if (import.fresh_resource) line += " fresh";
      std::printf("%s\n", line.c_str());
      for (const InstanceExportDecl& decl : import.exports) {
        line = "  " + std::string(to_string(decl.kind)) + " " + quoted(decl.name);
        if (decl.kind == Sort::Func) line += func(decl.func);
        if (decl.fresh_resource) line += " fresh";
        std::printf("%s\n", line.c_str());
      }
    }
    for (const ComponentExport& e : c.exports) {
      std::string line = "export " + quoted(e.name) + " " + std::string(to_string(e.kind));
      if (e.kind == Sort::Func) line += func(e.func);
      std::printf("%s\n", line.c_str());
    }
  }
  return status;
}
