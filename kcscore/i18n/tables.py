"""Words of reading an applicant list as a table: why a whole file cannot be read (``table.*``, with
what to do about it in ``table.hint.*``), why its bytes cannot be decoded (``encoding.*``), and the
warnings a reader leaves about the rows it skipped or guessed (``note.*``). The readers keep codes
and parameters (``tables.table.TableError``, ``tables.encoding.EncodingProblem``,
``tables.notes.Note``); the words are said where the error or warning is shown."""

from __future__ import annotations

_TRIED = "UTF-8, UTF-16, Windows-1258/cp1258"

TABLES: dict[str, dict[str, str]] = {
    # a whole file that cannot be read as a table
    "table.not_found": {"vi": "không tìm thấy tệp {path}", "en": "file not found: {path}"},
    "table.is_folder": {"vi": "{path} là thư mục, không phải tệp", "en": "{path} is a folder, not a file"},
    "table.unreadable": {"vi": "không đọc được tệp {path}: {reason}", "en": "cannot read {path}: {reason}"},
    "table.unknown_format": {"vi": "không biết định dạng '{format}' (có: {known})",
                             "en": "unknown format '{format}' (known: {known})"},
    "table.old_excel": {
        "vi": "đây là tệp Excel dạng cũ (.xls) hoặc tệp Excel có mật khẩu; không đọc được trực tiếp",
        "en": "this is an old-style Excel file (.xls) or a password-protected workbook; it cannot be read directly"},
    "table.html_page": {
        "vi": "tệp này là một trang HTML/XML (thường do phần mềm web xuất ra với đuôi .xls), không phải bảng tính",
        "en": "this file is an HTML/XML page (often exported by web software as .xls), not a spreadsheet"},
    "table.not_excel": {"vi": "tệp có đuôi {suffix} nhưng không phải tệp Excel hợp lệ",
                        "en": "the file is named {suffix} but is not a valid Excel workbook"},
    "table.json_empty": {"vi": "tệp JSON trống", "en": "the JSON file is empty"},
    "table.json_syntax": {"vi": "tệp JSON sai cú pháp ở dòng {line}, cột {column}: {reason}",
                          "en": "invalid JSON at line {line}, column {column}: {reason}"},
    "table.json_no_array": {
        "vi": "tệp JSON là một đối tượng nhưng không có mảng '{key}' (các khóa có: {keys})",
        "en": "the JSON file is an object without an '{key}' array (keys found: {keys})"},
    "table.json_too_deep": {"vi": "dữ liệu JSON lồng nhau quá sâu", "en": "the JSON data is nested too deeply"},
    "table.json_value": {"vi": "tệp JSON có giá trị không đọc được: {reason}",
                         "en": "the JSON file holds a value that cannot be read: {reason}"},
    "table.no_table": {"vi": "tệp không có bảng dữ liệu nào (mọi dòng đều trống)",
                       "en": "the file holds no table (every line is blank)"},
    "table.sheet_not_found": {"vi": "không tìm thấy trang tính «{sheet}»; tệp có: {sheets}",
                              "en": "sheet «{sheet}» not found; the workbook has: {sheets}"},
    "table.excel_unopenable": {"vi": "không mở được tệp Excel: {reason}", "en": "cannot open the Excel file: {reason}"},
    "table.no_sheet": {"vi": "tệp Excel không có trang tính nào", "en": "the workbook has no worksheet"},
    "table.csv_unclosed": {
        "vi": "dấu ngoặc kép mở ở ô thuộc dòng {row} (dòng {line} của tệp văn bản) không bao giờ được đóng: "
              "toàn bộ phần còn lại của tệp sẽ bị gộp vào một ô",
        "en": "a double quote opened in a cell on row {row} (text line {line}) is never closed: "
              "the rest of the file would end up in one cell"},
    "table.csv_unreadable": {"vi": "không đọc được CSV ở dòng {row} (dòng {line} của tệp văn bản): {reason}",
                             "en": "cannot read the CSV at row {row} (text line {line}): {reason}"},
    # what to do about it
    "table.with_hint": {"vi": "{text}\n  {hint}", "en": "{text}\n  {hint}"},
    "table.hint.save_as_xlsx": {"vi": "mở tệp bằng Excel và lưu thành .xlsx (không đặt mật khẩu) hoặc 'CSV UTF-8'",
                                "en": "open it in Excel and save it as .xlsx (without a password) or 'CSV UTF-8'"},
    "table.hint.json_syntax": {"vi": "sửa cú pháp JSON (dấu phẩy, ngoặc, dấu ngoặc kép) tại vị trí đó",
                               "en": "fix the JSON syntax (commas, brackets, quotes) at that position"},
    "table.hint.json_array": {
        "vi": "đưa danh sách hồ sơ vào một mảng [ ... ] hoặc vào khóa \"{key}\"; một hồ sơ đơn lẻ thì dùng lệnh kcscore score",
        "en": "put the applicants in a [ ... ] array or under the \"{key}\" key; for one applicant use kcscore score"},
    "table.hint.json_flat": {"vi": "mỗi hồ sơ là một đối tượng {{\"trường\": giá trị}} không lồng nhau",
                             "en": "write each applicant as a flat {{\"field\": value}} object"},
    "table.hint.sheet": {
        "vi": "ghi tên trang tính (không cần dấu, không phân biệt hoa thường) hoặc số thứ tự của nó, ví dụ --sheet 2",
        "en": "give the sheet's name (case and diacritics do not matter) or its position, e.g. --sheet 2"},
    "table.hint.resave_xlsx": {"vi": "mở tệp bằng Excel và lưu lại dưới dạng .xlsx",
                               "en": "open the file in Excel and save it again as .xlsx"},
    "table.hint.csv_close_quote": {
        "vi": "đóng dấu ngoặc kép, hoặc viết hai dấu \"\" cho một dấu ngoặc kép nằm trong nội dung ô",
        "en": "close the quote, or write \"\" for a double quote inside a cell"},
    "table.hint.csv_quotes": {"vi": "kiểm tra dấu ngoặc kép trong ô ở dòng này",
                              "en": "check the double quotes in the cells of this row"},
    # bytes that cannot be decoded
    "encoding.unknown": {"vi": "không biết bảng mã '{name}'", "en": "unknown encoding '{name}'"},
    "encoding.bad_byte": {"vi": "tệp không đọc được bằng bảng mã {name}: byte không hợp lệ ở vị trí {offset} (dòng {line})",
                          "en": "the file cannot be read as {name}: invalid byte at offset {offset} (line {line})"},
    "encoding.implausible": {
        "vi": "không nhận ra bảng mã của tệp: đọc bằng Windows-1258 thì dòng {line} không giống chữ tiếng Việt",
        "en": "cannot recognise the file's encoding: read as Windows-1258, line {line} is not Vietnamese text"},
    "encoding.unrecognised": {"vi": f"không nhận ra bảng mã của tệp (đã thử {_TRIED})",
                              "en": f"cannot recognise the file's encoding (tried {_TRIED})"},
    "encoding.unrecognised_at": {
        "vi": f"không nhận ra bảng mã của tệp (đã thử {_TRIED}); byte đầu tiên không phải UTF-8 ở vị trí {{offset}} "
              "(dòng {line})",
        "en": f"cannot recognise the file's encoding (tried {_TRIED}); first non-UTF-8 byte at offset {{offset}} "
              "(line {line})"},
    "encoding.spreadsheet": {"vi": "đây là tệp Excel (.{kind}), không phải tệp văn bản CSV",
                             "en": "this is an Excel file (.{kind}), not a CSV text file"},
    "encoding.hint.save_utf8": {
        "vi": "lưu tệp bằng Excel ở dạng 'CSV UTF-8', hoặc ghi rõ bảng mã bằng tuỳ chọn --encoding "
              "(ví dụ --encoding cp1258); tệp gõ bằng phông TCVN3 (.VnTime) hay VNI cần chuyển sang Unicode "
              "trước (ví dụ bằng công cụ chuyển mã của Unikey)",
        "en": "save the file from Excel as 'CSV UTF-8', or name its encoding with the --encoding option "
              "(e.g. --encoding cp1258); files typed in TCVN3 (.VnTime) or VNI fonts must first be converted "
              "to Unicode (e.g. with Unikey's converter)"},
    "encoding.hint.name": {"vi": "tên bảng mã như utf-8, utf-8-sig, utf-16 hoặc cp1258 (windows-1258)",
                           "en": "an encoding name such as utf-8, utf-8-sig, utf-16 or cp1258 (windows-1258)"},
    "encoding.hint.excel_reader": {"vi": "mở bằng trình đọc Excel, hoặc trong Excel chọn Lưu thành 'CSV UTF-8'",
                                   "en": "open it with the Excel reader, or save it from Excel as 'CSV UTF-8'"},
    # a JSON or JSON Lines row that cannot be read as one applicant (the row is reported, not dropped)
    "jsonrow.invalid": {"vi": "dòng {line} không phải JSON hợp lệ (cột {column}: {reason}): {text}",
                        "en": "line {line} is not valid JSON (column {column}: {reason}): {text}"},
    "jsonrow.too_deep": {"vi": "dòng {line}: dữ liệu JSON lồng nhau quá sâu",
                         "en": "line {line}: the JSON data is nested too deeply"},
    "jsonrow.value": {"vi": "dòng {line}: giá trị không đọc được: {reason}",
                      "en": "line {line}: a value cannot be read: {reason}"},
    "jsonrow.not_object": {"vi": "{what} không phải một đối tượng JSON {{...}} mà là {kind}: {shown}",
                           "en": "{what} is not a JSON object {{...}} but {kind}: {shown}"},
    "jsonrow.line": {"vi": "dòng {line}", "en": "line {line}"},
    "jsonrow.element": {"vi": "phần tử thứ {number} của mảng", "en": "array element {number}"},
    "jsonrow.kind.boolean": {"vi": "giá trị đúng/sai", "en": "a boolean"},
    "jsonrow.kind.number": {"vi": "một số", "en": "a number"},
    "jsonrow.kind.string": {"vi": "một chuỗi", "en": "a string"},
    "jsonrow.kind.array": {"vi": "một mảng", "en": "an array"},
    "jsonrow.kind.null": {"vi": "null", "en": "null"},
    "jsonrow.repeated": {"vi": "trường được viết hai lần trong cùng một hồ sơ: {keys}; giữ lại một giá trị",
                         "en": "field written twice in one applicant: {keys}; keep one value"},
    "jsonrow.key": {"vi": "'{key}'", "en": "'{key}'"},
    "jsonrow.key_columns": {"vi": "'{key}' (dòng {line}, cột {first} và cột {second})",
                            "en": "'{key}' (line {line}, columns {first} and {second})"},
    "jsonrow.key_lines": {"vi": "'{key}' (dòng {first} và dòng {second})",
                          "en": "'{key}' (lines {first} and {second})"},
    # how a reader names a line of the file
    "note.place.line": {"vi": "dòng", "en": "line"},
    "note.place.excel_row": {"vi": "hàng Excel", "en": "Excel row"},
    "note.column": {"vi": "cột thứ {number} ({letter})", "en": "column {number} ({letter})"},
    # warnings about rows skipped, guessed or read in a particular way
    "note.xlsx_named_otherwise": {
        "vi": "tệp có đuôi {suffix} nhưng thực chất là tệp Excel (.xlsx); đọc như Excel",
        "en": "the file is named {suffix} but is an Excel workbook (.xlsx); reading it as such"},
    "note.xls_text": {"vi": "tệp có đuôi .xls nhưng là văn bản; đọc như CSV",
                      "en": "the file is named .xls but holds text; reading it as CSV"},
    "note.option_ignored": {"vi": "tuỳ chọn {option} không áp dụng cho tệp {format} và được bỏ qua",
                            "en": "the {option} option does not apply to {format} files and was ignored"},
    "note.json_lines": {"vi": "tệp .json này chứa nhiều đối tượng, mỗi dòng một đối tượng: đọc như JSON Lines",
                        "en": "this .json file holds one object per line: reading it as JSON Lines"},
    "note.no_header": {
        "vi": "không tìm thấy dòng tên cột trong {search} dòng đầu (cần ít nhất {needed} tên cột của mẫu); "
              "dùng {place} {line} làm dòng tên cột",
        "en": "no header row found in the first {search} lines (at least {needed} of the pack's column "
              "names are needed); using {place} {line} as the header"},
    "note.column_twice": {
        "vi": "cột '{name}' có hai lần ({first} và {second}): dòng nào điền cả hai cột là dòng lỗi",
        "en": "column '{name}' appears twice ({first} and {second}): a row that fills both is an error"},
    "note.renamed": {"vi": "tên cột bị trùng, cột sau được đổi tên: {names}",
                     "en": "duplicate column names; the later column was renamed: {names}"},
    "note.header_below": {
        "vi": "dòng tên cột là {place} {line}; đã bỏ qua {count} dòng phía trên ({place} {lines})",
        "en": "the header is {place} {line}; skipped {count} line(s) above it ({place} {lines})"},
    "note.numbering_row": {"vi": "bỏ qua dòng đánh số cột ở {place} {line}",
                           "en": "skipped the column-numbering row at {place} {line}"},
    "note.total_row": {"vi": "bỏ qua dòng tổng cộng ở {place} {line} («{lead}»)",
                       "en": "skipped the total row at {place} {line} («{lead}»)"},
    "note.short_rows": {
        "vi": "{count} dòng có ít ô hơn dòng tên cột ({place} {lines}); "
              "các cột cuối thiếu được coi là để trống — kiểm tra dấu phân cách",
        "en": "{count} row(s) have fewer cells than the header ({place} {lines}); "
              "the missing last columns are read as blank — check the separators"},
    "note.blank_lines": {"vi": "bỏ qua {count} dòng trống ({place} {lines})",
                         "en": "skipped {count} blank line(s) ({place} {lines})"},
    "note.signature_lines": {"vi": "bỏ qua {count} dòng ghi chú/chữ ký dưới dòng tổng cộng ({place} {lines})",
                             "en": "skipped {count} note/signature line(s) below the total row ({place} {lines})"},
    "note.below_total": {
        "vi": "{count} dòng có dữ liệu nằm dưới dòng tổng cộng ({place} {total}) vẫn được đọc như hồ sơ ({place} {lines})",
        "en": "{count} line(s) with data below the total row ({place} {total}) are still read as applicants "
              "({place} {lines})"},
    "note.unnamed_column": {
        "vi": "cột {letter} không có tên cột nhưng có dữ liệu ở {count} dòng ({place} {lines}); "
              "dữ liệu đó không được đọc — hãy đặt tên cột",
        "en": "column {letter} has no header but holds data on {count} line(s) ({place} {lines}); "
              "that data is not read — give the column a name"},
    "note.merged": {"vi": "đã chép giá trị ô gộp xuống từng dòng của vùng: {cells}",
                    "en": "copied merged cells' values down to every row they cover: {cells}"},
    "note.sheets": {
        "vi": "tệp có {count} trang tính ({names}); đang đọc trang «{title}» — chọn trang khác bằng --sheet",
        "en": "the workbook has {count} sheets ({names}); reading «{title}» — choose another with --sheet"},
    "note.hidden_rows": {
        "vi": "{count} dòng đang bị ẩn trong Excel (ẩn hoặc do bộ lọc) vẫn được đọc: hàng Excel {rows}",
        "en": "{count} row(s) hidden in Excel (hidden or filtered out) are still read: Excel row {rows}"},
    # a row that cannot be read at all
    "row.column_twice": {
        "vi": "cột '{name}' có hai lần và dòng này điền cả hai: '{first}' ({first_column}) và '{second}' ({second_column}); "
              "giữ lại một cột",
        "en": "column '{name}' appears twice and this row fills both: '{first}' ({first_column}) and '{second}' "
              "({second_column}); keep one column"},
    "row.uncomputed": {
        "vi": "ô {cells} là công thức chưa có giá trị tính sẵn (tệp chưa từng được Excel tính lại); hãy mở tệp bằng Excel và lưu lại",
        "en": "cell {cells} holds a formula with no computed value (the file was never recalculated by Excel); "
              "open the file in Excel and save it again"},
    "note.jsonl_blank": {"vi": "bỏ qua {count} dòng trống (dòng {lines})",
                         "en": "skipped {count} blank line(s) (line {lines})"},
}
