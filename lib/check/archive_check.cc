#include "check/archive_check.h"

#include <fmt/format.h>

#include "capsule/capsule.h"
#include "check/rules.h"

namespace astrid {
namespace {

// What to do about each way a provenance fails, for its note.
std::string_view remedy(ProvenanceResult::Status status) {
  using Status = ProvenanceResult::Status;
  switch (status) {
    case Status::DigestMismatch:
      return "the archive is not what was signed: rebuild it with astrid build, which signs it again; to ship it "
             "unsigned, leave Capsule.provenance.json out";
    case Status::BadSignature:
      return "the signer's key did not make this signature: the provenance was edited or copied from another "
             "archive; rebuild the archive with astrid build";
    case Status::Unsupported:
      return "the installer of kernel main reads schema_version 1 with algorithm \"ed25519-blake3-tree-v1\" only: "
             "build the archive with the astrid build of the kernel it is for";
    case Status::BadContent:
      return "the installer cannot digest the content, so nothing it signs can verify: pack only regular files "
             "and directories, each path once, in UTF-8";
    case Status::Malformed:
    case Status::Verified:
      break;
  }
  return "the installer reads exactly the five keys astrid build writes (schema_version, algorithm, "
         "content_digest, signer, signature): rebuild the archive with astrid build";
}

}  // namespace

std::vector<Finding> check_archive(const ArchiveIntegrity& integrity, const std::string& archive, bool has_component) {
  std::vector<Finding> out;
  if (integrity.refused) {
    Finding f = make_finding("refused-archive-entry", "the installer refuses the archive: {why}",
                             {{"why", *integrity.refused, ArgRole::Description}});
    f.file = archive;
    f.notes.push_back("the installer extracts only regular files and directories, by relative paths: repack the "
                      "archive with astrid build, or with tar without links");
    if (integrity.is_signed) f.notes.push_back("its Capsule.provenance.json is not verified: the installer stops before");
    out.push_back(std::move(f));
  }
  if (!integrity.is_signed && has_component) {
    Finding f = make_finding("unsigned-capsule", "the archive is unsigned: it holds no {file}",
                             {{"file", std::string(kProvenanceFile)}});
    f.file = archive;
    f.notes.push_back("the installer of kernel main accepts it and shows it as \"unsigned\"; astrid build on main "
                      "signs the archives it makes");
    out.push_back(std::move(f));
  } else if (integrity.provenance && integrity.provenance->status != ProvenanceResult::Status::Verified) {
    const ProvenanceResult& p = *integrity.provenance;
    Finding f = make_finding("invalid-provenance", "the archive's signature does not verify ({status}): {why}",
                             {{"status", std::string(to_string(p.status))},
                              {"why", p.message, ArgRole::Description}});
    f.file = in_archive(archive, kProvenanceFile);
    f.notes.push_back(std::string(remedy(p.status)));
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace astrid
