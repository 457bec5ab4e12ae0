#include "abi/wit_parser.h"

#include <fmt/format.h>

#include <charconv>

#include "abi/wit_lexer.h"

namespace astrid::wit {
namespace {

// Thrown inside the parser only, caught by parse_file.
struct Fail {
  uint32_t offset;
  std::string message;
};

struct Primitive {
  std::string_view word;
  TypeKind kind;
};
constexpr Primitive kPrimitives[] = {
    {"bool", TypeKind::Bool},     {"s8", TypeKind::S8},
    {"u8", TypeKind::U8},         {"s16", TypeKind::S16},
    {"u16", TypeKind::U16},       {"s32", TypeKind::S32},
    {"u32", TypeKind::U32},       {"s64", TypeKind::S64},
    {"u64", TypeKind::U64},       {"f32", TypeKind::F32},
    {"f64", TypeKind::F64},       {"char", TypeKind::Char},
    {"string", TypeKind::String}, {"error-context", TypeKind::ErrorContext},
};

bool is_numeric(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

class Parser {
 public:
  Parser(std::string_view source, std::vector<Token> tokens) : source_(source), tokens_(std::move(tokens)) {}

  void file(AstFile& out) {
    // `package ns:name;` heads the file; `package ns:name { … }` is an item.
    if (is_word(peek(), "package") && !block_follows_package()) {
      next();
      out.top.package = package_name();
      expect(Tok::Semicolon, "`;` after the package name");
    }
    items(out.top, out, Tok::End, 0);
  }

 private:
  // --- tokens

  const Token& peek(size_t ahead = 0) const {
    const size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  const Token& next() {
    const Token& t = peek();
    if (pos_ < tokens_.size() - 1) ++pos_;
    return t;
  }
  bool eat(Tok kind) {
    if (peek().kind != kind) return false;
    next();
    return true;
  }
  // Keywords a name must escape; `map` is not one here (see is_wit_keyword).
  static bool reserved(std::string_view word) { return is_wit_keyword(word) && word != "map"; }
  static bool is_word(const Token& t, std::string_view word) { return t.kind == Tok::Id && t.text == word; }
  bool eat_word(std::string_view word) {
    if (!is_word(peek(), word)) return false;
    next();
    return true;
  }
  [[noreturn]] void fail(const Token& at, std::string message) { throw Fail{at.offset, std::move(message)}; }
  [[noreturn]] void fail_expected(std::string_view what) {
    fail(peek(), fmt::format("expected {}, found {}", what, describe(peek())));
  }
  const Token& expect(Tok kind, std::string_view what) {
    if (peek().kind != kind) fail_expected(what);
    return next();
  }
  void expect_word(std::string_view word) {
    if (!eat_word(word)) fail_expected(fmt::format("`{}`", word));
  }
  uint32_t end_of(const Token& t) const { return t.offset + static_cast<uint32_t>(t.text.size()); }

  // A name: an identifier that is not a keyword, or any %-escaped one.
  std::string_view name(std::string_view what = "a name") {
    const Token& t = peek();
    if (t.kind == Tok::ExplicitId) {
      check(t, t.text);
      next();
      return t.text;
    }
    if (t.kind != Tok::Id) fail_expected(what);
    if (reserved(t.text)) fail(t, fmt::format("`{0}` is a WIT keyword; write `%{0}` to use it as a name", t.text));
    check(t, t.text);
    next();
    return t.text;
  }
  void check(const Token& at, std::string_view text) {
    if (auto why = check_name(text); !why.empty()) fail(at, fmt::format("invalid name `{}`: {}", text, why));
  }

  // --- packages, paths, versions

  bool block_follows_package() const {
    // package ns:name[@version] {   versus   package ns:name[@version];
    for (size_t i = 1; i < 64; ++i) {
      const Tok k = peek(i).kind;
      if (k == Tok::LeftBrace) return true;
      if (k == Tok::Semicolon || k == Tok::End) return false;
    }
    return false;
  }

  AstPackageName package_name() {
    AstPackageName p;
    p.offset = peek().offset;
    p.ns = name("a package namespace");
    expect(Tok::Colon, "`:` between the package's namespace and name");
    p.name = name("a package name");
    if (eat(Tok::At)) p.version = version();
    return p;
  }

  // 1.2.3, then -pre.release and +build, written without spaces. As in
  // wit-parser, a `.` ends the version unless a part follows it, so that
  // `use a:b/c@1.0.0.{x}` reads.
  std::string_view version() {
    const Token& first = peek();
    if (first.kind != Tok::Integer) fail_expected("a version such as 1.0.0");
    uint32_t end = end_of(next());
    for (int i = 0; i < 2; ++i) {
      if (peek().kind != Tok::Period || peek().spaced) fail_expected("a version such as 1.0.0");
      next();
      if (peek().kind != Tok::Integer || peek().spaced) fail_expected("a version such as 1.0.0");
      end = end_of(next());
    }
    auto part = [&](const Token& t) {
      return !t.spaced && (t.kind == Tok::Id || t.kind == Tok::Integer || t.kind == Tok::Minus);
    };
    for (Tok prefix : {Tok::Minus, Tok::Plus}) {
      if (peek().kind != prefix || peek().spaced) continue;
      end = end_of(next());
      for (;;) {
        if (part(peek())) {
          end = end_of(next());
        } else if (peek().kind == Tok::Period && !peek().spaced && part(peek(1))) {
          next();
          end = end_of(next());
        } else {
          break;
        }
      }
    }
    const std::string_view text = source_.substr(first.offset, end - first.offset);
    if (auto why = check_version(text); !why.empty()) fail(first, fmt::format("invalid version `{}`: {}", text, why));
    return text;
  }

  AstPath path() {
    AstPath p;
    p.offset = peek().offset;
    const std::string_view first = name("an interface name");
    if (!eat(Tok::Colon)) {
      p.name = first;
      return p;
    }
    p.qualified = true;
    p.ns = first;
    p.pkg = name("a package name");
    expect(Tok::Slash, "`/` between the package and the item");
    p.name = name("an interface or world name");
    if (eat(Tok::At)) p.version = version();
    return p;
  }

  // --- gates

  AstGate gates() {
    AstGate g;
    g.offset = peek().offset;
    while (peek().kind == Tok::At) {
      next();
      const Token& id = peek();
      const std::string word = id.kind == Tok::Id ? std::string(id.text) : std::string();
      if (id.kind != Tok::Id) fail_expected("an attribute name after `@`");
      next();
      expect(Tok::LeftParen, "`(`");
      if (word == "since" || word == "deprecated") {
        expect_word("version");
        expect(Tok::Equals, "`=`");
        (word == "since" ? g.gate.since : g.gate.deprecated) = version();
      } else if (word == "unstable") {
        expect_word("feature");
        expect(Tok::Equals, "`=`");
        g.gate.unstable = name("a feature name");
      } else if (word == "external-id") {
        expect(Tok::String, "a string");  // an identifier for other tools; not kept
      } else {
        fail(id, fmt::format("unknown attribute `@{}` (WIT has @since, @unstable, @deprecated, @external-id)", word));
      }
      expect(Tok::RightParen, "`)`");
    }
    return g;
  }

  // --- package scopes

  void items(AstScope& scope, AstFile& file, Tok end, uint32_t depth) {
    while (!eat(end)) {
      if (peek().kind == Tok::End) fail_expected("`}`");
      AstGate g = gates();
      const Token& t = peek();
      if (is_word(t, "interface")) {
        scope.interfaces.push_back(interface(std::move(g)));
      } else if (is_word(t, "world")) {
        scope.worlds.push_back(world(std::move(g)));
      } else if (is_word(t, "use")) {
        scope.uses.push_back(top_use(std::move(g)));
      } else if (is_word(t, "package")) {
        if (!g.gate.empty()) fail(t, "a nested package cannot have attributes");
        if (depth + 1 >= kMaxPackageNesting)
          fail(t, fmt::format("packages nested more than {} deep", kMaxPackageNesting));
        next();
        AstScope nested;
        nested.package = package_name();
        if (peek().kind == Tok::Semicolon) fail(t, "`package …;` must be the first item of the file");
        expect(Tok::LeftBrace, "`{` after the package name");
        // Scopes are flattened into file.nested, each stored once complete.
        items(nested, file, Tok::RightBrace, depth + 1);
        file.nested.push_back(std::move(nested));
      } else {
        fail_expected("`interface`, `world`, `use` or `package`");
      }
    }
  }

  AstTopUse top_use(AstGate g) {
    AstTopUse u;
    u.offset = next().offset;
    u.gate = std::move(g);
    u.path = path();
    if (eat_word("as")) u.as = name();
    expect(Tok::Semicolon, "`;`");
    return u;
  }

  // --- interfaces

  AstInterface interface(AstGate g) {
    AstInterface i;
    i.offset = next().offset;
    i.gate = std::move(g);
    i.name = name("an interface name");
    interface_items(i);
    return i;
  }

  void interface_items(AstInterface& i) {
    expect(Tok::LeftBrace, "`{`");
    while (!eat(Tok::RightBrace)) {
      AstGate g = gates();
      const Token& t = peek();
      if (is_word(t, "use")) {
        i.uses.push_back(use(std::move(g)));
      } else if (starts_typedef(t)) {
        i.types.push_back(typedef_(std::move(g)));
      } else if (t.kind == Tok::ExplicitId || (t.kind == Tok::Id && !reserved(t.text))) {
        i.funcs.push_back(named_func(std::move(g)));
      } else {
        fail_expected("`use`, a type definition, a function or `}`");
      }
    }
  }

  AstUse use(AstGate g) {
    AstUse u;
    u.offset = next().offset;
    u.gate = std::move(g);
    u.from = path();
    expect(Tok::Period, "`.{` after the interface");
    expect(Tok::LeftBrace, "`{`");
    while (!eat(Tok::RightBrace)) {
      AstUseName n;
      n.offset = peek().offset;
      n.name = name("a type name");
      if (eat_word("as")) n.as = name();
      u.names.push_back(std::move(n));
      if (!eat(Tok::Comma)) {
        expect(Tok::RightBrace, "`,` or `}`");
        break;
      }
    }
    expect(Tok::Semicolon, "`;`");
    return u;
  }

  AstNamedFunc named_func(AstGate g) {
    AstNamedFunc f;
    f.offset = peek().offset;
    f.gate = std::move(g);
    f.name = name("a function name");
    expect(Tok::Colon, "`:` after the function name");
    f.func = func();
    expect(Tok::Semicolon, "`;`");
    return f;
  }

  AstFunc func() {
    AstFunc f;
    f.offset = peek().offset;
    f.async = eat_word("async");
    expect_word("func");
    expect(Tok::LeftParen, "`(`");
    f.params = fields(Tok::RightParen);
    if (eat(Tok::Arrow)) {
      if (peek().kind == Tok::LeftParen)
        fail(peek(), "named results `-> (a: T, …)` are no longer WIT; return one type (a tuple or a record)");
      f.result = type(0);
    }
    return f;
  }

  // name: type, … up to `end`; a trailing comma is allowed.
  std::vector<AstField> fields(Tok end) {
    std::vector<AstField> out;
    while (!eat(end)) {
      AstField f;
      f.offset = peek().offset;
      f.name = name();
      expect(Tok::Colon, "`:`");
      f.type = type(0);
      out.push_back(std::move(f));
      if (!eat(Tok::Comma)) {
        if (peek().kind != end) fail_expected("`,` or the end of the list");
        next();
        break;
      }
    }
    return out;
  }

  static std::optional<WitTypeDefKind> typedef_kind(const Token& t) {
    if (is_word(t, "type")) return WitTypeDefKind::Alias;
    if (is_word(t, "record")) return WitTypeDefKind::Record;
    if (is_word(t, "variant")) return WitTypeDefKind::Variant;
    if (is_word(t, "enum")) return WitTypeDefKind::Enum;
    if (is_word(t, "flags")) return WitTypeDefKind::Flags;
    if (is_word(t, "resource")) return WitTypeDefKind::Resource;
    return std::nullopt;
  }
  static bool starts_typedef(const Token& t) { return typedef_kind(t).has_value(); }

  AstTypeDef typedef_(AstGate g) {
    AstTypeDef d;
    d.offset = peek().offset;
    d.kind = *typedef_kind(next());
    d.gate = std::move(g);
    d.name = name("a type name");
    switch (d.kind) {
      case WitTypeDefKind::Alias:
        expect(Tok::Equals, "`=`");
        d.alias = type(0);
        expect(Tok::Semicolon, "`;`");
        break;
      case WitTypeDefKind::Record:
        expect(Tok::LeftBrace, "`{`");
        d.fields = fields(Tok::RightBrace);
        break;
      case WitTypeDefKind::Variant:
      case WitTypeDefKind::Enum:
      case WitTypeDefKind::Flags:
        expect(Tok::LeftBrace, "`{`");
        while (!eat(Tok::RightBrace)) {
          AstCase c;
          c.offset = peek().offset;
          c.name = name("a case name");
          if (d.kind == WitTypeDefKind::Variant && eat(Tok::LeftParen)) {
            c.type = type(0);
            expect(Tok::RightParen, "`)`");
          }
          d.cases.push_back(std::move(c));
          if (!eat(Tok::Comma)) {
            expect(Tok::RightBrace, "`,` or `}`");
            break;
          }
        }
        break;
      case WitTypeDefKind::Resource:
        if (eat(Tok::Semicolon)) break;
        expect(Tok::LeftBrace, "`{` or `;` after the resource name");
        while (!eat(Tok::RightBrace)) d.funcs.push_back(resource_func());
        break;
    }
    return d;
  }

  AstResourceFunc resource_func() {
    AstResourceFunc f;
    f.gate = gates();
    f.offset = peek().offset;
    if (eat_word("constructor")) {
      f.kind = WitFuncKind::Constructor;
      f.name = "constructor";
      f.func.offset = f.offset;
      expect(Tok::LeftParen, "`(`");
      f.func.params = fields(Tok::RightParen);
      if (eat(Tok::Arrow)) f.func.result = type(0);
    } else {
      f.name = name("`constructor` or a method name");
      expect(Tok::Colon, "`:`");
      f.kind = eat_word("static") ? WitFuncKind::Static : WitFuncKind::Method;
      f.func = func();
    }
    expect(Tok::Semicolon, "`;`");
    return f;
  }

  // --- types

  // `depth` counts the enclosing type constructors: list<list<…>> deeper
  // than kMaxTypeDepth is refused before it can exhaust the stack.
  AstType type(uint32_t depth) {
    const Token& t = peek();
    if (depth >= kMaxTypeDepth) fail(t, fmt::format("types nested more than {} deep", kMaxTypeDepth));
    AstType out;
    out.offset = t.offset;
    if (t.kind == Tok::ExplicitId) {
      out.kind = AstType::Kind::Name;
      out.name = name();
      return out;
    }
    if (t.kind != Tok::Id) fail_expected("a type");
    for (const Primitive& p : kPrimitives) {
      if (t.text == p.word) {
        next();
        out.kind = AstType::Kind::Primitive;
        out.primitive = p.kind;
        return out;
      }
    }
    const std::string_view word = t.text;
    auto element = [&] {
      expect(Tok::Less, "`<`");
      out.args.push_back(type(depth + 1));
    };
    if (word == "list") {
      next();
      element();
      if (eat(Tok::Comma)) {
        const Token& n = expect(Tok::Integer, "a length");
        uint32_t length = 0;
        const auto [p, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), length);
        if (ec != std::errc() || p != n.text.data() + n.text.size()) fail(n, "list length out of range");
        if (length == 0) fail(n, "a fixed-length list needs at least one element");
        out.kind = AstType::Kind::FixedList;
        out.length = length;
      } else {
        out.kind = AstType::Kind::List;
      }
      expect(Tok::Greater, "`>`");
    } else if (word == "option") {
      next();
      out.kind = AstType::Kind::Option;
      element();
      expect(Tok::Greater, "`>`");
    } else if (word == "stream" || word == "future") {
      next();
      out.kind = word == "stream" ? AstType::Kind::Stream : AstType::Kind::Future;
      if (peek().kind == Tok::Less) {
        element();
        expect(Tok::Greater, "`>`");
      }
    } else if (word == "tuple") {
      next();
      out.kind = AstType::Kind::Tuple;
      expect(Tok::Less, "`<`");
      while (!eat(Tok::Greater)) {
        out.args.push_back(type(depth + 1));
        if (!eat(Tok::Comma)) {
          expect(Tok::Greater, "`,` or `>`");
          break;
        }
      }
      if (out.args.empty()) fail(t, "a tuple needs at least one type");
    } else if (word == "result") {
      next();
      out.kind = AstType::Kind::Result;
      if (eat(Tok::Less)) {
        if (eat_word("_")) {
          expect(Tok::Comma, "`,` after `_`");
          out.err = std::make_unique<AstType>(type(depth + 1));
        } else {
          out.ok = std::make_unique<AstType>(type(depth + 1));
          if (eat(Tok::Comma)) out.err = std::make_unique<AstType>(type(depth + 1));
        }
        expect(Tok::Greater, "`>`");
      }
    } else if (word == "own" || word == "borrow") {
      next();
      out.kind = word == "own" ? AstType::Kind::Own : AstType::Kind::Borrow;
      expect(Tok::Less, "`<`");
      out.name = name("a resource name");
      expect(Tok::Greater, "`>`");
    } else if (word == "map" && peek(1).kind == Tok::Less) {
      fail(t, "map<K, V> is not supported (the component-model map type; no Astrid kernel enables it)");
    } else {
      out.kind = AstType::Kind::Name;
      out.name = name("a type");
    }
    return out;
  }

  // --- worlds

  AstWorld world(AstGate g) {
    AstWorld w;
    w.offset = next().offset;
    w.gate = std::move(g);
    w.name = name("a world name");
    expect(Tok::LeftBrace, "`{`");
    while (!eat(Tok::RightBrace)) {
      AstGate ig = gates();
      const Token& t = peek();
      if (is_word(t, "import") || is_word(t, "export")) {
        w.externs.push_back(extern_(std::move(ig)));
      } else if (is_word(t, "use")) {
        w.uses.push_back(use(std::move(ig)));
      } else if (is_word(t, "include")) {
        w.includes.push_back(include(std::move(ig)));
      } else if (starts_typedef(t)) {
        w.types.push_back(typedef_(std::move(ig)));
      } else {
        fail_expected("`import`, `export`, `include`, `use`, a type definition or `}`");
      }
    }
    return w;
  }

  AstExtern extern_(AstGate g) {
    AstExtern e;
    e.is_export = is_word(next(), "export");
    e.gate = std::move(g);
    e.offset = peek().offset;
    // `name: func…`, `name: interface {…}`, `label: path;`, or a path, which
    // may itself begin `ns:pkg/…`.
    const bool named = (peek().kind == Tok::Id || peek().kind == Tok::ExplicitId) && peek(1).kind == Tok::Colon;
    const bool qualified =
        named && (peek(2).kind == Tok::Id || peek(2).kind == Tok::ExplicitId) && peek(3).kind == Tok::Slash;
    if (named && !qualified) {
      e.name = name();
      next();  // the colon
      if (is_word(peek(), "func") || is_word(peek(), "async")) {
        e.kind = AstExtern::Kind::Func;
        e.func = func();
        expect(Tok::Semicolon, "`;`");
      } else if (eat_word("interface")) {
        e.kind = AstExtern::Kind::Inline;
        e.inline_interface = std::make_unique<AstInterface>();
        e.inline_interface->name = e.name;
        e.inline_interface->offset = e.offset;
        interface_items(*e.inline_interface);
      } else {
        e.kind = AstExtern::Kind::NamedPath;
        e.path = path();
        expect(Tok::Semicolon, "`;`");
      }
      return e;
    }
    e.kind = AstExtern::Kind::Path;
    e.path = path();
    expect(Tok::Semicolon, "`;`");
    return e;
  }

  AstInclude include(AstGate g) {
    AstInclude inc;
    inc.offset = next().offset;
    inc.gate = std::move(g);
    inc.from = path();
    if (eat_word("with")) {
      expect(Tok::LeftBrace, "`{`");
      while (!eat(Tok::RightBrace)) {
        AstUseName n;
        n.offset = peek().offset;
        n.name = name();
        expect_word("as");
        n.as = name();
        inc.with.push_back(std::move(n));
        if (!eat(Tok::Comma)) {
          expect(Tok::RightBrace, "`,` or `}`");
          break;
        }
      }
    } else {
      expect(Tok::Semicolon, "`;` or `with`");
    }
    return inc;
  }

  std::string_view source_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

// A pre-release or build identifier: [0-9A-Za-z-]+; a numeric pre-release
// identifier has no leading zero (build metadata may).
bool valid_identifier(std::string_view part, bool pre_release) {
  if (part.empty()) return false;
  if (pre_release && is_numeric(part) && part.size() > 1 && part[0] == '0') return false;
  return part.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") ==
         std::string_view::npos;
}

}  // namespace

std::string check_name(std::string_view name) {
  if (name.empty()) return "empty";
  size_t start = 0;
  bool first = true;
  for (;;) {
    const size_t dash = name.find('-', start);
    const std::string_view word = name.substr(start, dash == std::string_view::npos ? dash : dash - start);
    if (word.empty()) return "empty word (a leading, trailing or doubled `-`)";
    const char c = word[0];
    if (first && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return "must begin with a letter";
    bool lower = false, upper = false;
    for (char ch : word) {
      if (ch >= 'a' && ch <= 'z')
        lower = true;
      else if (ch >= 'A' && ch <= 'Z')
        upper = true;
      else if (ch < '0' || ch > '9')
        return fmt::format("`{}` is not allowed (kebab-case: letters, digits, `-`)", ch);
    }
    if (lower && upper) return fmt::format("the word `{}` mixes upper and lower case", word);
    if (dash == std::string_view::npos) return {};
    start = dash + 1;
    first = false;
  }
}

std::string check_version(std::string_view v) {
  const size_t plus = v.find('+');
  const std::string_view build = plus == std::string_view::npos ? std::string_view() : v.substr(plus + 1);
  const std::string_view head = v.substr(0, plus);
  const size_t minus = head.find('-');
  const std::string_view core = head.substr(0, minus);
  const std::string_view pre = minus == std::string_view::npos ? std::string_view() : head.substr(minus + 1);
  size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    const size_t dot = core.find('.', start);
    if ((i < 2) == (dot == std::string_view::npos)) return "needs MAJOR.MINOR.PATCH";
    const std::string_view n = core.substr(start, i < 2 ? dot - start : std::string_view::npos);
    if (!is_numeric(n)) return "MAJOR.MINOR.PATCH must be numbers";
    if (n.size() > 1 && n[0] == '0') return "a number with a leading zero";
    if (n.size() > 19) return "a number too large";
    start = dot + 1;
  }
  auto parts = [](std::string_view list, bool pre_release) {
    size_t s = 0;
    for (;;) {
      const size_t dot = list.find('.', s);
      if (!valid_identifier(list.substr(s, dot == std::string_view::npos ? dot : dot - s), pre_release)) return false;
      if (dot == std::string_view::npos) return true;
      s = dot + 1;
    }
  };
  if (minus != std::string_view::npos && !parts(pre, true)) return "malformed pre-release";
  if (plus != std::string_view::npos && !parts(build, false)) return "malformed build metadata";
  return {};
}

std::optional<ParseError> parse_file(std::string_view source, AstFile& out) {
  std::vector<Token> tokens;
  if (auto error = tokenize(source, tokens)) return ParseError{error->offset, error->message};
  try {
    Parser(source, std::move(tokens)).file(out);
  } catch (const Fail& f) {
    return ParseError{f.offset, f.message};
  }
  return std::nullopt;
}

}  // namespace astrid::wit
