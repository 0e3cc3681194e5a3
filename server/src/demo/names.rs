//! The words the demo bloc is made of: Vietnamese personal names, the units of a province's
//! agencies and enterprises by sector, their departments, and the attributes of the people.

use dangvien_proto::v1::Sector;

use super::rng::Rng;

/// Family names, repeated roughly as often as they occur (Nguyễn about a third).
const FAMILY: &[&str] = &[
    "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê",
    "Lê", "Phạm", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai", "Cao",
];
const MIDDLE_MALE: &[&str] = &[
    "Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Thành", "Xuân", "Đình", "Ngọc",
];
const MIDDLE_FEMALE: &[&str] = &[
    "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Minh", "Phương", "Mai",
];
const GIVEN_MALE: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Long", "Mạnh",
    "Nam", "Phong", "Phúc", "Quang", "Sơn", "Tài", "Thắng", "Thịnh", "Toàn", "Trung", "Tuấn",
    "Việt", "Vinh", "Hoàng", "Kiên", "Lâm", "Nghĩa", "Tùng",
];
const GIVEN_FEMALE: &[&str] = &[
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền", "Lan", "Liên",
    "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo",
    "Trang", "Tuyết", "Vân", "Yến", "Thủy", "Hiền", "Ly",
];

/// A full name for a man or a woman.
pub(crate) fn full_name(rng: &mut Rng, female: bool) -> String {
    let (middle, given) = if female {
        (MIDDLE_FEMALE, GIVEN_FEMALE)
    } else {
        (MIDDLE_MALE, GIVEN_MALE)
    };
    format!(
        "{} {} {}",
        rng.pick(FAMILY),
        rng.pick(middle),
        rng.pick(given)
    )
}

/// Minority groups of the province, by their official names; weights favour the larger groups.
const MINORITIES: &[&str] = &[
    "Tày", "Tày", "Thái", "Thái", "Mường", "Mường", "Khơ-me", "Khơ-me", "Mông", "Nùng", "Dao",
    "Hoa",
];

/// An ethnicity: Kinh for all but about `minority_per_mille` in a thousand.
pub(crate) fn ethnicity(rng: &mut Rng, minority_per_mille: u32) -> &'static str {
    if rng.chance(minority_per_mille) {
        rng.pick::<&str>(MINORITIES)
    } else {
        "Kinh"
    }
}

const RELIGIONS: &[&str] = &["Phật giáo", "Phật giáo", "Công giáo", "Tin Lành", "Cao Đài"];

/// A religion for about `per_mille` in a thousand; none (null) for the others.
pub(crate) fn religion(rng: &mut Rng, per_mille: u32) -> Option<String> {
    rng.chance(per_mille)
        .then(|| (*rng.pick(RELIGIONS)).to_owned())
}

/// Professional levels as personnel records write them.
const LEVELS: &[&str] = &[
    "Đại học",
    "Đại học",
    "Đại học",
    "Đại học",
    "Thạc sĩ",
    "Thạc sĩ",
    "Cao đẳng",
    "Trung cấp",
    "Tiến sĩ",
];

/// A professional level.
pub(crate) fn professional_level(rng: &mut Rng) -> &'static str {
    rng.pick::<&str>(LEVELS)
}

/// The units of each sector: agencies, public service units and enterprises of a province.
fn units(sector: Sector) -> &'static [&'static str] {
    match sector {
        Sector::StateAgency => &[
            "Văn phòng Ủy ban nhân dân tỉnh",
            "Sở Tài chính",
            "Sở Kế hoạch và Đầu tư",
            "Sở Nội vụ",
            "Sở Tư pháp",
            "Sở Công Thương",
            "Sở Xây dựng",
            "Sở Giao thông vận tải",
            "Sở Y tế",
            "Sở Giáo dục và Đào tạo",
            "Sở Tài nguyên và Môi trường",
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Sở Khoa học và Công nghệ",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Sở Lao động - Thương binh và Xã hội",
            "Sở Thông tin và Truyền thông",
            "Thanh tra tỉnh",
            "Cục Thuế tỉnh",
            "Kho bạc Nhà nước tỉnh",
            "Cục Hải quan tỉnh",
            "Cục Thống kê tỉnh",
            "Bảo hiểm xã hội tỉnh",
            "Ban Quản lý các khu công nghiệp tỉnh",
            "Sở Ngoại vụ",
            "Ban Dân tộc tỉnh",
            "Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
            "Cục Quản lý thị trường tỉnh",
            "Chi cục Kiểm lâm tỉnh",
            "Cục Thi hành án dân sự tỉnh",
            "Ngân hàng Nhà nước chi nhánh tỉnh",
        ],
        Sector::PublicServiceUnit => &[
            "Bệnh viện Đa khoa tỉnh",
            "Bệnh viện Y học cổ truyền tỉnh",
            "Bệnh viện Sản - Nhi tỉnh",
            "Bệnh viện Phổi tỉnh",
            "Trung tâm Kiểm soát bệnh tật tỉnh",
            "Trường Cao đẳng Y tế",
            "Trường Cao đẳng Sư phạm",
            "Trường Cao đẳng Nghề tỉnh",
            "Trường Chính trị tỉnh",
            "Đài Phát thanh và Truyền hình tỉnh",
            "Báo tỉnh",
            "Trường Đại học tỉnh",
            "Trung tâm Phát triển quỹ đất tỉnh",
            "Trung tâm Xúc tiến đầu tư, thương mại và du lịch",
            "Bệnh viện Tâm thần tỉnh",
            "Bệnh viện Mắt tỉnh",
            "Trung tâm Y tế thành phố",
            "Trường Trung học phổ thông chuyên",
            "Thư viện tỉnh",
            "Bảo tàng tỉnh",
            "Trung tâm Công nghệ thông tin và Truyền thông",
            "Quỹ Đầu tư phát triển tỉnh",
        ],
        Sector::StateEnterprise => &[
            "Công ty Điện lực tỉnh",
            "Viễn thông tỉnh",
            "Bưu điện tỉnh",
            "Công ty TNHH MTV Xổ số kiến thiết",
            "Công ty Cổ phần Cấp thoát nước",
            "Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh",
            "Ngân hàng TMCP Ngoại thương chi nhánh tỉnh",
            "Ngân hàng TMCP Công Thương chi nhánh tỉnh",
            "Ngân hàng TMCP Đầu tư và Phát triển chi nhánh tỉnh",
            "Công ty TNHH MTV Lâm nghiệp",
            "Công ty Cổ phần Môi trường đô thị",
            "Công ty TNHH MTV Khai thác công trình thủy lợi",
            "Công ty Cổ phần Cảng tỉnh",
            "Công ty Cổ phần Phát triển nhà",
            "Công ty TNHH MTV Cao su",
            "Công ty Cổ phần Xăng dầu tỉnh",
        ],
        Sector::NonStateEnterprise => &[
            "Công ty Cổ phần Dược phẩm",
            "Công ty Cổ phần Xây dựng số 1",
            "Công ty Cổ phần Vận tải hành khách",
            "Công ty Cổ phần Thủy sản",
            "Công ty Cổ phần Xi măng",
            "Công ty TNHH Thương mại Tổng hợp",
            "Công ty Cổ phần Đầu tư Phát triển đô thị",
            "Công ty Cổ phần Giống cây trồng",
            "Công ty Cổ phần May xuất khẩu",
            "Công ty TNHH Chế biến nông sản",
            "Công ty Cổ phần Du lịch",
            "Công ty Cổ phần Bia và Nước giải khát",
        ],
        Sector::FdiEnterprise => &[
            "Công ty TNHH Điện tử Việt Nam",
            "Công ty TNHH Giày da xuất khẩu",
            "Công ty TNHH May mặc quốc tế",
            "Công ty TNHH Linh kiện ô tô Việt Nam",
            "Công ty TNHH Thép Việt Nam",
            "Công ty TNHH Chế biến gỗ quốc tế",
        ],
        Sector::Other | Sector::Unspecified => &[
            "Liên minh Hợp tác xã tỉnh",
            "Hội Chữ thập đỏ tỉnh",
            "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
            "Hội Văn học Nghệ thuật tỉnh",
            "Liên hiệp các tổ chức hữu nghị tỉnh",
            "Hội Nhà báo tỉnh",
            "Hội Luật gia tỉnh",
        ],
    }
}

/// The `index`-th unit of `sector` (numbered when the list runs out).
pub(crate) fn unit(sector: Sector, index: usize) -> String {
    let list = units(sector);
    match list.get(index) {
        Some(name) => (*name).to_owned(),
        None => format!("{} số {}", list[index % list.len()], index / list.len() + 1),
    }
}

/// Departments that cells are formed in.
const DEPARTMENTS: &[&str] = &[
    "Văn phòng",
    "Phòng Tổ chức - Hành chính",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Nghiệp vụ",
    "Phòng Kỹ thuật",
    "Phòng Thanh tra",
    "Phòng Kinh doanh",
    "Phòng Pháp chế",
    "Phòng Quản lý chất lượng",
    "Phòng Công nghệ thông tin",
    "Phân xưởng sản xuất",
    "Đội vận hành",
    "Khoa Nội",
    "Khoa Ngoại",
    "Khoa Khám bệnh",
    "Phòng Đào tạo",
    "Phòng Tuyên truyền",
    "Chi nhánh phía Bắc",
    "Chi nhánh phía Nam",
    "Phòng Dịch vụ khách hàng",
];

/// The `index`-th department.
pub(crate) fn department(index: usize) -> &'static str {
    DEPARTMENTS[index % DEPARTMENTS.len()]
}

/// Residence-place cells new members are introduced to.
const RESIDENCE: &[&str] = &[
    "Chi bộ khu phố 1, phường Tân An",
    "Chi bộ khu phố 3, phường Tân Định",
    "Chi bộ tổ dân phố 5, phường Hòa Bình",
    "Chi bộ thôn Đông, xã Tân Lập",
    "Chi bộ khu dân cư số 2, phường Quang Trung",
    "Chi bộ ấp Bình Thạnh, xã Bình Hòa",
    "Chi bộ tổ dân phố 12, phường Lê Lợi",
    "Chi bộ thôn Trung, xã Hòa Phú",
];

/// A residence-place cell.
pub(crate) fn residence_cell(rng: &mut Rng) -> &'static str {
    rng.pick::<&str>(RESIDENCE)
}
