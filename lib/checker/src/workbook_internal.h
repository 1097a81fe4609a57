// The two workbook readers behind ReadWorkbook (private).
#pragma once

#include "khaothi/checker/office_file.h"
#include "khaothi/checker/workbook.h"
#include "khaothi/engine/status.h"

namespace khaothi::checker::internal {

[[nodiscard]] Result<Workbook> ReadXlsx(const OfficeFile& file);
[[nodiscard]] Result<Workbook> ReadOds(const OfficeFile& file);

}  // namespace khaothi::checker::internal
