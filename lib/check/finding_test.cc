#include "check/finding.h"

#include "catch.h"
#include "check/rules.h"

namespace astrid {
namespace {

Finding unused_grant(std::string key) {
  Finding f = make_finding("unused-capability", "{who} grants '{key}', but no host function the capsule imports needs it",
                           {{"who", "the capsule"}, {"key", std::move(key)}});
  f.file = "Capsule.toml";
  return f;
}

TEST_CASE("fingerprints: what the finding is about, not its wording, line or offset") {
  const Finding net = unused_grant("net");
  Finding host_process = unused_grant("host_process");
  // Two grants of one manifest, one message pattern: two findings.
  CHECK(identity_hash("caps/app/Capsule.toml", net) != identity_hash("caps/app/Capsule.toml", host_process));
  // Moved by an unrelated edit, or worded otherwise: the same finding.
  Finding moved = net;
  moved.line = 40;
  moved.column = 3;
  moved.pattern = "another wording of {key}";
  moved.notes = {"another note"};
  CHECK(identity_hash("caps/app/Capsule.toml", moved) == identity_hash("caps/app/Capsule.toml", net));
  // Another file, another finding.
  CHECK(identity_hash("caps/other/Capsule.toml", net) != identity_hash("caps/app/Capsule.toml", net));
  // Its releases are part of it: mis-typed on two releases is two findings.
  Finding a = net, b = net;
  a.releases = 1u << 0;
  b.releases = 1u << 1;
  CHECK(identity_hash("x", a) != identity_hash("x", b));
  // So are a mis-typed import's types.
  Finding t1 = make_finding("mistyped-host-function", "x"), t2 = t1;
  t1.module = t2.module = "astrid:fs/host@1.0.0";
  t1.name = t2.name = "read";
  t1.actual = std::string("func(path: string) -> u32");
  t2.actual = std::string("func() -> u32");
  CHECK(identity_hash("x", t1) != identity_hash("x", t2));
  // A description argument (a count) is not.
  Finding c1 = make_finding("unused-capability", "{n} more", {{"n", "3", ArgRole::Description}}), c2 = c1;
  c2.args[0].value = "4";
  CHECK(identity_hash("x", c1) == identity_hash("x", c2));
  // Parts cannot run into each other.
  Finding m1 = make_finding("unknown-import-module", "x"), m2 = m1;
  m1.module = "ab", m1.name = "c";
  m2.module = "a", m2.name = "bc";
  CHECK(identity_hash("x", m1) != identity_hash("x", m2));
  CHECK(identity_hash("x", m1).size() == 32);
}

TEST_CASE("fingerprints: the same finding twice in one input gets an ordinal") {
  Finding a = unused_grant("net"), b = unused_grant("net"), c = unused_grant("kv");
  assign_fingerprints({{"m.toml", &a}, {"m.toml", &b}, {"m.toml", &c}});
  CHECK(a.fingerprint == identity_hash("m.toml", a));
  CHECK(b.fingerprint == a.fingerprint + ":2");
  CHECK(c.fingerprint == identity_hash("m.toml", c));
}

}  // namespace
}  // namespace astrid
