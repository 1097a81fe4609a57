// The two workbook readers behind ReadWorkbook (private).
#pragma once

#include <string>

#include <pugixml.hpp>

#include "khaothi/checker/office_file.h"
#include "khaothi/checker/workbook.h"
#include "khaothi/engine/status.h"

namespace khaothi::checker::internal {

[[nodiscard]] Result<Workbook> ReadXlsx(const OfficeFile& file);
[[nodiscard]] Result<Workbook> ReadOds(const OfficeFile& file);

// workbook_charts.cc: the charts of an .xlsx drawing part (sheet or chart sheet), and the chart
// objects drawn on an .ods table, appended to `sheet.charts`.
[[nodiscard]] Status ReadXlsxDrawing(const OfficeFile& file, const std::string& part, Sheet& sheet);
void ReadOdsCharts(const OfficeFile& file, pugi::xml_node table, Sheet& sheet);

}  // namespace khaothi::checker::internal
