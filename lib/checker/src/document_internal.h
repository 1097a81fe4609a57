// The two document readers behind ReadDocument and what they share (private).
#pragma once

#include <string>

#include "khaothi/checker/document.h"
#include "khaothi/checker/office_file.h"

namespace khaothi::checker::internal {

[[nodiscard]] Result<Document> ReadDocx(const OfficeFile& file);
[[nodiscard]] Result<Document> ReadOdt(const OfficeFile& file);

std::string Nfc(const std::string& text);
// Appends a piece of text to the paragraph, merging it into the last run when the format is the
// same.
void AddPiece(Paragraph& paragraph, std::string text, const RunFormat& format);
// NFC-normalises the runs and sets the paragraph's text.
void Finish(Paragraph& paragraph);

}  // namespace khaothi::checker::internal
