#include "carecast/report/xlsx_writer.h"

#include <xlsxwriter.h>

#include <map>

#include "carecast/core/error.h"

namespace carecast::report {

struct XlsxWorkbook::Impl {
  std::filesystem::path path;
  std::string title;
  std::string author = "carecast";
  lxw_doc_properties properties{};
  lxw_workbook* workbook = nullptr;
  lxw_worksheet* sheet = nullptr;
  std::map<CellStyle, lxw_format*> formats;

  lxw_format* format(CellStyle style) { return formats.at(style); }

  void check(lxw_error error, const std::string& what) const {
    if (error != LXW_NO_ERROR) {
      throw InternalError(path.string() + ": " + what + ": " + lxw_strerror(error));
    }
  }
};

XlsxWorkbook::XlsxWorkbook(const std::filesystem::path& path, const std::string& title)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->title = title;
  impl_->workbook = workbook_new(path.c_str());
  if (!impl_->workbook) throw InternalError(path.string() + ": cannot start a workbook");
  impl_->properties.title = impl_->title.data();
  impl_->properties.author = impl_->author.data();
  impl_->check(workbook_set_properties(impl_->workbook, &impl_->properties), "document properties");

  const std::map<CellStyle, const char*> number_formats = {{CellStyle::pounds, "£#,##0;-£#,##0"},
                                                           {CellStyle::thousands, "#,##0;-#,##0"},
                                                           {CellStyle::count, "#,##0"},
                                                           {CellStyle::decimal, "#,##0.0"},
                                                           {CellStyle::share, "0%"},
                                                           {CellStyle::ratio, "0.0000"},
                                                           {CellStyle::year, "0"}};
  for (CellStyle style :
       {CellStyle::text, CellStyle::wrapped_text, CellStyle::header, CellStyle::pounds, CellStyle::thousands,
        CellStyle::count, CellStyle::decimal, CellStyle::share, CellStyle::ratio, CellStyle::year}) {
    lxw_format* format = workbook_add_format(impl_->workbook);
    format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
    if (number_formats.contains(style)) format_set_num_format(format, number_formats.at(style));
    if (style == CellStyle::wrapped_text || style == CellStyle::header) format_set_text_wrap(format);
    if (style == CellStyle::header) {
      format_set_bold(format);
      format_set_bottom(format, LXW_BORDER_THIN);
    }
    impl_->formats[style] = format;
  }
}

XlsxWorkbook::~XlsxWorkbook() {
  // Not closed: an error happened. libxlsxwriter frees a workbook only by
  // writing it; the caller's pending output removes the file.
  if (impl_->workbook) workbook_close(impl_->workbook);
}

void XlsxWorkbook::add_sheet(const std::string& name) {
  impl_->sheet = workbook_add_worksheet(impl_->workbook, name.c_str());
  if (!impl_->sheet) throw InternalError(impl_->path.string() + ": cannot add the sheet " + name);
}

void XlsxWorkbook::write(std::size_t row, std::size_t column, const std::string& text, CellStyle style) {
  impl_->check(worksheet_write_string(impl_->sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column),
                                      text.c_str(), impl_->format(style)),
               "writing text");
}

void XlsxWorkbook::write(std::size_t row, std::size_t column, double value, CellStyle style) {
  impl_->check(worksheet_write_number(impl_->sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column), value,
                                      impl_->format(style)),
               "writing a number");
}

void XlsxWorkbook::set_column_width(std::size_t column, double characters) {
  const auto index = static_cast<lxw_col_t>(column);
  impl_->check(worksheet_set_column(impl_->sheet, index, index, characters, nullptr), "setting a column width");
}

void XlsxWorkbook::freeze_rows(std::size_t rows) {
  worksheet_freeze_panes(impl_->sheet, static_cast<lxw_row_t>(rows), 0);
}

void XlsxWorkbook::add_filter(std::size_t header_row, std::size_t last_row, std::size_t last_column) {
  impl_->check(worksheet_autofilter(impl_->sheet, static_cast<lxw_row_t>(header_row), 0,
                                    static_cast<lxw_row_t>(last_row), static_cast<lxw_col_t>(last_column)),
               "adding a filter");
}

void XlsxWorkbook::close() {
  lxw_workbook* workbook = impl_->workbook;
  impl_->workbook = nullptr;
  const lxw_error error = workbook_close(workbook);
  if (error != LXW_NO_ERROR) throw WriteError(impl_->path, "write the workbook", lxw_strerror(error));
}

}  // namespace carecast::report
