// Charts in both formats (private to the workbook readers): an .xlsx sheet's drawing and its
// chart parts (c:chartSpace), an .ods table's draw:object charts (their own content.xml, or
// inline in a flat file). Both give the one Chart of workbook.h.
#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workbook_internal.h"
#include "xml_internal.h"

namespace khaothi::checker::internal {

namespace {

std::string RichText(pugi::xml_node node, int depth = 0) {
  std::string out;
  if (depth > 32) return out;
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
    const std::string_view name = LocalName(n.name());
    if (name == "t" || name == "v") {
      out += n.text().get();
    } else if (name == "p" && !out.empty()) {
      out += ' ';
      out += RichText(n, depth + 1);
    } else {
      out += RichText(n, depth + 1);
    }
  }
  return out;
}

// A title's text: rich text typed in, or the cached text of the cell it refers to.
std::string TitleText(pugi::xml_node title) {
  if (!title) return "";
  const pugi::xml_node tx = Child(title, "tx");
  if (const pugi::xml_node rich = Child(tx, "rich"); rich) return RichText(rich);
  if (const pugi::xml_node ref = Child(tx, "strRef"); ref) return RichText(Child(ref, "strCache"));
  return "";
}

std::string AxisTitle(pugi::xml_node plot_area, std::initializer_list<std::string_view> kinds) {
  for (pugi::xml_node n = plot_area.first_child(); n; n = n.next_sibling()) {
    const std::string_view name = LocalName(n.name());
    if (std::find(kinds.begin(), kinds.end(), name) != kinds.end()) {
      if (const std::string t = TitleText(Child(n, "title")); !t.empty()) return t;
    }
  }
  return "";
}

Status ReadXlsxChart(const OfficeFile& file, const std::string& part, Chart& chart) {
  pugi::xml_document doc;
  if (Status s = ParsePart(file, part, doc); !s.ok()) return s;
  const pugi::xml_node c = Child(Child(doc, "chartSpace"), "chart");
  const pugi::xml_node plot_area = Child(c, "plotArea");
  chart.title = TitleText(Child(c, "title"));
  chart.legend = static_cast<bool>(Child(c, "legend"));
  chart.x_axis_title = AxisTitle(plot_area, {"catAx", "dateAx"});
  chart.y_axis_title = AxisTitle(plot_area, {"valAx"});
  for (pugi::xml_node n = plot_area.first_child(); n; n = n.next_sibling()) {
    const std::string_view name = LocalName(n.name());
    if (!name.ends_with("Chart")) continue;
    if (chart.type.empty()) {
      if (name == "barChart" || name == "bar3DChart") {
        chart.type =
            std::string_view(Attr(Child(n, "barDir"), "val").value()) == "bar" ? "bar" : "column";
      } else if (name == "lineChart" || name == "line3DChart") {
        chart.type = "line";
      } else if (name == "pieChart" || name == "pie3DChart" || name == "doughnutChart" ||
                 name == "ofPieChart") {
        chart.type = "pie";
      } else if (name == "areaChart" || name == "area3DChart") {
        chart.type = "area";
      } else if (name == "scatterChart") {
        chart.type = "scatter";
      } else {
        chart.type = "other";
      }
    }
    for (pugi::xml_node ser = Child(n, "ser"); ser; ser = ser.next_sibling()) {
      if (LocalName(ser.name()) != "ser") continue;
      pugi::xml_node values = Child(ser, "val");
      if (!values) values = Child(ser, "yVal");
      pugi::xml_node categories = Child(ser, "cat");
      if (!categories) categories = Child(ser, "xVal");
      auto formula = [](pugi::xml_node data) {
        for (pugi::xml_node r = data.first_child(); r; r = r.next_sibling()) {
          if (const pugi::xml_node f = Child(r, "f"); f) return ParseSheetRange(f.text().get());
        }
        return std::optional<SheetRange>();
      };
      if (std::optional<SheetRange> v = formula(values); v) chart.series.push_back(*v);
      if (!chart.categories) chart.categories = formula(categories);
    }
  }
  if (chart.type.empty()) chart.type = "other";
  // A <c:title> without text of its own shows the name of a lone series (Excel's automatic
  // title).
  if (const pugi::xml_node title = Child(c, "title"); title && chart.title.empty()) {
    std::vector<std::string> names;
    for (pugi::xml_node n = plot_area.first_child(); n; n = n.next_sibling()) {
      for (pugi::xml_node ser = Child(n, "ser"); ser; ser = ser.next_sibling()) {
        if (LocalName(ser.name()) == "ser") names.push_back(RichText(Child(ser, "tx")));
      }
    }
    if (names.size() == 1) chart.title = names.front();
  }
  return Status::Ok();
}

}  // namespace

// The chart parts a drawing shows, in the drawing's order.
Status ReadXlsxDrawing(const OfficeFile& file, const std::string& part, Sheet& sheet) {
  pugi::xml_document doc;
  if (Status s = ParsePart(file, part, doc); !s.ok()) return s;
  std::map<std::string, std::string> target_of;
  if (file.Part(RelsPath(part)) != nullptr) {
    pugi::xml_document rels;
    if (Status s = ParsePart(file, RelsPath(part), rels); !s.ok()) return s;
    for (pugi::xml_node r = Child(rels, "Relationships").first_child(); r; r = r.next_sibling()) {
      if (std::string_view(Attr(r, "Type").value()).ends_with("/chart")) {
        target_of[Attr(r, "Id").value()] = ResolveTarget(DirOf(part), Attr(r, "Target").value());
      }
    }
  }
  std::vector<std::string> charts;
  // <xdr:twoCellAnchor>…<a:graphicData><c:chart r:id="rId1"/>, at any depth (groups nest).
  struct Walker {
    const std::map<std::string, std::string>& target_of;
    std::vector<std::string>& charts;
    void Walk(pugi::xml_node n, int depth) {
      if (depth > 32) return;
      for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (LocalName(c.name()) == "chart") {
          const auto it = target_of.find(Attr(c, "id").value());
          if (it != target_of.end()) charts.push_back(it->second);
          continue;
        }
        Walk(c, depth + 1);
      }
    }
  } walker{target_of, charts};
  walker.Walk(doc, 0);
  for (const std::string& chart_part : charts) {
    if (file.Part(chart_part) == nullptr) continue;
    Chart chart;
    if (Status s = ReadXlsxChart(file, chart_part, chart); !s.ok()) return s;
    sheet.charts.push_back(std::move(chart));
  }
  return Status::Ok();
}

namespace {

std::string ParagraphsText(pugi::xml_node node) {
  std::string out;
  for (pugi::xml_node p = node.first_child(); p; p = p.next_sibling()) {
    if (LocalName(p.name()) != "p") continue;
    if (!out.empty()) out += ' ';
    out += OdfText(p);
  }
  return out;
}

// A chart object's document (the embedded object's content.xml, or inline in a flat file).
void ReadOdfChart(pugi::xml_node document, Chart& chart) {
  const pugi::xml_node root = Child(Child(Child(document, "body"), "chart"), "chart");
  std::map<std::string, pugi::xml_node, std::less<>> styles;
  for (pugi::xml_node n = Child(document, "automatic-styles").first_child(); n;
       n = n.next_sibling()) {
    styles[Attr(n, "name").value()] = n;
  }
  const pugi::xml_node plot_area = Child(root, "plot-area");
  const std::string_view kind = Attr(root, "class").value();
  if (kind == "chart:bar") {
    bool vertical = false;
    if (const auto it = styles.find(std::string_view(Attr(plot_area, "style-name").value()));
        it != styles.end()) {
      vertical = std::string_view(
                     Attr(Child(it->second, "chart-properties"), "vertical").value()) == "true";
    }
    chart.type = vertical ? "bar" : "column";
  } else if (kind == "chart:line") {
    chart.type = "line";
  } else if (kind == "chart:circle" || kind == "chart:ring") {
    chart.type = "pie";
  } else if (kind == "chart:area") {
    chart.type = "area";
  } else if (kind == "chart:scatter") {
    chart.type = "scatter";
  } else {
    chart.type = "other";
  }
  chart.title = ParagraphsText(Child(root, "title"));
  chart.legend = static_cast<bool>(Child(root, "legend"));
  for (pugi::xml_node n = plot_area.first_child(); n; n = n.next_sibling()) {
    const std::string_view name = LocalName(n.name());
    if (name == "axis") {
      const std::string_view dimension = Attr(n, "dimension").value();
      const std::string title = ParagraphsText(Child(n, "title"));
      if (dimension == "x") {
        if (chart.x_axis_title.empty()) chart.x_axis_title = title;
        if (const pugi::xml_node categories = Child(n, "categories");
            categories && !chart.categories) {
          chart.categories = ParseSheetRange(Attr(categories, "cell-range-address").value());
        }
      } else if (dimension == "y" && chart.y_axis_title.empty()) {
        chart.y_axis_title = title;
      }
    } else if (name == "series") {
      if (std::optional<SheetRange> values =
              ParseSheetRange(Attr(n, "values-cell-range-address").value());
          values) {
        chart.series.push_back(*values);
      }
    }
  }
}

// Every chart object drawn on a table: in its <table:shapes> or anchored in a cell.
void FindCharts(const OfficeFile& file, pugi::xml_node node, int depth, Sheet& sheet) {
  if (depth > 12) return;
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
    const std::string_view name = LocalName(n.name());
    if (name == "object") {
      if (const pugi::xml_node inline_doc = Child(n, "document"); inline_doc) {
        Chart chart;
        ReadOdfChart(inline_doc, chart);
        if (Child(Child(inline_doc, "body"), "chart")) sheet.charts.push_back(std::move(chart));
        continue;
      }
      std::string href = Attr(n, "href").value();
      if (href.starts_with("./")) href = href.substr(2);
      const std::string* text = file.Part(href + "/content.xml");
      if (text == nullptr) continue;
      pugi::xml_document doc;
      if (!ParseXml(*text, href + "/content.xml", doc).ok()) continue;
      const pugi::xml_node root = Child(doc, "document-content");
      if (!Child(Child(root, "body"), "chart")) continue;  // a formula or another object
      Chart chart;
      ReadOdfChart(root, chart);
      sheet.charts.push_back(std::move(chart));
    } else if (name == "shapes" || name == "frame" || name == "g" || name == "table-row" ||
               name == "table-cell" || name == "table-rows" || name == "table-header-rows" ||
               name == "table-row-group") {
      FindCharts(file, n, depth + 1, sheet);
    }
  }
}

}  // namespace

void ReadOdsCharts(const OfficeFile& file, pugi::xml_node table, Sheet& sheet) {
  FindCharts(file, table, 0, sheet);
}

}  // namespace khaothi::checker::internal
