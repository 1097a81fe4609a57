// Fuzzed XML inside a valid office package: the readers behind the container — workbook,
// document and presentation parts, styles, shared strings, themes — and the checks on what they
// read never crash, refuse with the bilingual "cannot be checked automatically" reason, and
// never propose a mark outside 0..the line's points.
//
// Input: byte 0 picks the package (the IU03-A, IU04-A and IU05-A model solutions, OOXML and
// OpenDocument), byte 1 picks which of its XML entries the rest of the input replaces. The seeds
// (office_xml_corpus/) are every XML entry of every package as it is, so mutation starts from
// real XML: `python3 tests/fuzz/make-office-xml-seeds.py` writes them.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <zip.h>

#include "khaothi/checker/points.h"

#include "fuzz_check.h"
#include "zip_writer.h"

namespace {

using khaothi::testing::ZipEntries;

struct Package {
  ZipEntries entries;
  std::vector<size_t> xml;  // indexes of the XML entries
};

std::string ReadAll(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  FUZZ_CHECK(f != nullptr);
  std::string out;
  char buf[65536];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

Package Load(const std::string& relative) {
  const std::string bytes =
      ReadAll(std::string(KHAOTHI_SOURCE_DIR) + "/question-bank/data/practical/" + relative);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  FUZZ_CHECK(zip != nullptr);
  Package p;
  const zip_int64_t count = zip_get_num_entries(zip, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t stat;
    FUZZ_CHECK(zip_stat_index(zip, index, 0, &stat) == 0);
    std::string data(static_cast<size_t>(stat.size), '\0');
    zip_file_t* f = zip_fopen_index(zip, index, 0);
    FUZZ_CHECK(f != nullptr);
    FUZZ_CHECK(zip_fread(f, data.data(), data.size()) == static_cast<zip_int64_t>(data.size()));
    zip_fclose(f);
    const std::string name = stat.name;
    if (name.ends_with(".xml") || name.ends_with(".rels")) p.xml.push_back(p.entries.size());
    p.entries.emplace_back(name, std::move(data));
  }
  zip_close(zip);
  return p;
}

const std::vector<Package>& Packages() {
  static const std::vector<Package> packages = {
      Load("IU03-A/loi-giai.docx"), Load("IU03-A/loi-giai.odt"),  Load("IU04-A/loi-giai.xlsx"),
      Load("IU04-A/loi-giai.ods"),  Load("IU05-A/loi-giai.pptx"), Load("IU05-A/loi-giai.odp")};
  return packages;
}

// A few checks of each model, compiled once: what runs on the fuzzed file.
const khaothi::checker::TaskChecks& Checks(size_t package) {
  using khaothi::engine::PointsLine;
  static const std::vector<khaothi::checker::TaskChecks> checks = [] {
    auto task = [](const char* solution, std::vector<std::string> lines) {
      khaothi::engine::PracticalTask t;
      t.id = "F";
      t.solutions = {{solution, 1, std::string(64, 'a')}};
      for (size_t i = 0; i < lines.size(); ++i) {
        PointsLine line;
        line.code = std::to_string(i + 1);
        line.points = khaothi::engine::Points::Whole(1);
        line.checks = {lines[i]};
        t.points.push_back(line);
      }
      auto c = khaothi::checker::CompileTaskChecks(t);
      FUZZ_CHECK(c.ok());
      return std::move(c).value();
    };
    const auto document = task(
        "a.docx", {"text_present text=\"THƯ MỜI\"",
                   "paragraph_format text=\"thư mời\" font=\"Times New Roman\" size=14 bold=yes "
                   "align=center"});
    const auto workbook = task("a.xlsx", {"formula cells=BanHang!C4:C11 uses=VLOOKUP "
                                          "absolute=$A$2:$C$6 relative=B4",
                                          "cell_value cell=BanHang!F12 number=931000000"});
    const auto presentation = task("a.pptx", {"slide_count min=5 max=6"});
    return std::vector<khaothi::checker::TaskChecks>{document, document,     workbook,
                                                     workbook, presentation, presentation};
  }();
  return checks[package];
}

const char* const kExtensions[] = {"docx", "odt", "xlsx", "ods", "pptx", "odp"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const std::vector<Package>& packages = Packages();
  const size_t which = data[0] % packages.size();
  const Package& package = packages[which];
  ZipEntries entries = package.entries;
  entries[package.xml[data[1] % package.xml.size()]].second =
      std::string(reinterpret_cast<const char*>(data + 2), size - 2);
  const std::string bytes = khaothi::testing::MakeZip(entries, /*store=*/true);
  FUZZ_CHECK(!bytes.empty());

  const khaothi::checker::Proposal proposal = khaothi::checker::ProposeMarks(
      Checks(which), {{std::string("bai.") + kExtensions[which], bytes}});
  for (const khaothi::checker::LineProposal& line : proposal.lines) {
    if (line.proposed) {
      FUZZ_CHECK(*line.proposed >= khaothi::engine::Points{} && *line.proposed <= line.points);
    } else {
      FUZZ_CHECK(line.reason_en.find("cannot be checked automatically") != std::string::npos);
      FUZZ_CHECK(line.reason_vi.find("không chấm tự động được") != std::string::npos);
    }
    for (const khaothi::checker::CheckResult& r : line.results) {
      FUZZ_CHECK(r.outcome.score >= 0 && r.outcome.score <= 1);
    }
  }
  return 0;
}
