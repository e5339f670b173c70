using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Identity;
using Gateway.Contracts.Messages;
using MassTransitJson = MassTransit.Serialization.SystemTextJsonMessageSerializer;

namespace Gateway.Tests.Mappings.Parity;

/// <summary>
/// A large, deterministic set of dispatches per department (SCJG, WJW, GA, RS) for the mapping parity test: the same list on every run
/// and machine, drawn by FsCheck from a fixed seed (<see cref="SeedOf"/>). Only integer draws are used (FsCheck's SplitMix generator), and
/// nothing depends on hash ordering, the clock or the culture.
/// <para>
/// The dispatches cover what the gateway sends: the application (round 0), correction rounds 1-3, withdrawals, pre-review, items decided
/// at the window, simulated cases, redeliveries and later attempts, persons and organisations with each id type the department's code
/// table knows, all five delivery methods (post with awkward addresses), paper and electronic materials (content with its SHA-256, or a
/// reference) and form data of every JSON kind. About 2% carry a code the department's table lacks, so refusals are covered too.
/// </para>
/// <para>
/// Each dispatch reaches the mapper the way it does in the gateway: written to the outbox and read back with the web JSON options, then,
/// for about 4 in 5, carried by MassTransit (its System.Text.Json serializer turns form values into string, long, double, bool,
/// <c>Dictionary&lt;string, object&gt;</c> and <c>List&lt;object&gt;</c>); the rest keep their form values as
/// <see cref="JsonElement"/>s, as the joint-test redispatch (read from the stored application) passes them.
/// </para>
/// </summary>
public static class ParityDispatches
{
    /// <summary>The generator's seed; department <c>k</c> of <see cref="Departments"/> draws from <c>Seed + k</c>.</summary>
    public const ulong Seed = 20261123;

    /// <summary>FsCheck's size parameter; the generators below draw their lengths explicitly, so it only has to stay fixed.</summary>
    const int Size = 50;

    public static readonly IReadOnlyList<string> Departments = ["SCJG", "WJW", "GA", "RS"];

    public static ulong SeedOf(string departmentCode)
    {
        var index = Departments.ToList().FindIndex(d => d.Equals(departmentCode, StringComparison.OrdinalIgnoreCase));
        if (index < 0) throw new ArgumentException($"No parity dispatches for department {departmentCode}", nameof(departmentCode));
        return Seed + (ulong)index;
    }

    public static IReadOnlyList<DispatchToDepartment> For(string departmentCode, int count = 1000)
    {
        var department = Department.Of(departmentCode);
        var drawn = Gen.Sample(Draft(department), size: Size, seed: new Rnd(SeedOf(departmentCode)), numberOfSamples: count);
        return drawn.Select(d => Deliver(d.Dispatch, d.ViaBus)).ToList();
    }

    /// <summary>The dispatch as the consumer (or the joint-test redispatch) hands it to the mapper.</summary>
    static DispatchToDepartment Deliver(DispatchToDepartment dispatch, bool viaBus)
    {
        var stored = JsonSerializer.Deserialize<DispatchToDepartment>(JsonSerializer.Serialize(dispatch, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!;
        return viaBus
            ? JsonSerializer.Deserialize<DispatchToDepartment>(JsonSerializer.Serialize(stored, MassTransitJson.Options), MassTransitJson.Options)!
            : stored;
    }

    // ---- the departments: items and material codes of Gateway.Host/Data/catalogue.json, id types of Mappings/CodeTables/{DEPT}.json

    sealed record Material(string Code, string Name, string Medium);

    sealed record Item(string Code, Material[] Materials);

    sealed record Department(string Code, Item[] Items, string[] KnownIdTypes, bool GbkOnly, bool Rest, string[] FormKeys)
    {
        public bool KnowsUscc => KnownIdTypes.Contains(IdTypes.UnifiedSocialCreditCode);

        /// <summary>The candidates this department's files can hold: RS writes GBK, which has no room for characters outside it.</summary>
        public string[] Usable(params string[] candidates) => GbkOnly ? candidates.Where(FitsGbk).ToArray() : candidates;

        public static Department Of(string code) => code.ToUpperInvariant() switch
        {
            "SCJG" => new("SCJG",
                [
                    new("410700-SCJG-001",
                    [
                        new("M-SCJG-001-01", "个体工商户登记(备案)申请书", Media.Electronic),
                        new("M-SCJG-001-02", "经营者身份证明", Media.Electronic),
                        new("M-SCJG-001-03", "经营场所使用证明", Media.Electronic),
                    ]),
                    new("410700-SCJG-002",
                    [
                        new("M-SCJG-002-01", "食品经营许可申请书", Media.Electronic),
                        new("M-SCJG-002-02", "与食品经营相适应的主要设备设施布局、操作流程等文件", Media.Electronic),
                        new("M-SCJG-002-03", "食品安全管理制度", Media.Electronic),
                    ]),
                ],
                [IdTypes.ResidentId, IdTypes.UnifiedSocialCreditCode, IdTypes.Passport], false, true,
                ["tradeName", "businessScope", "registeredCapital", "employeeCount", "operatorName", "premisesAddress", "isChainStore", "foodCategories", "contact"]),
            "WJW" => new("WJW",
                [
                    new("410700-WJW-001",
                    [
                        new("M-WJW-001-01", "医学出生记录", Media.Electronic),
                        new("M-WJW-001-02", "父母双方居民身份证", Media.Electronic),
                    ]),
                    new("410700-WJW-002", [new("M-WJW-002-01", "出生医学证明", Media.Electronic)]),
                    new("410700-WJW-003", [new("M-WJW-003-01", "出生医学证明", Media.Electronic)]),
                ],
                [IdTypes.ResidentId, IdTypes.UnifiedSocialCreditCode, IdTypes.Passport], false, true,
                ["childName", "childGender", "birthDate", "birthPlace", "birthWeightGrams", "motherName", "fatherName", "gestationalWeeks", "vaccines"]),
            "GA" => new("GA",
                [
                    new("410700-GA-001",
                    [
                        new("M-GA-001-01", "出生医学证明", Media.Electronic),
                        new("M-GA-001-02", "父母双方居民户口簿", Media.Paper),
                        new("M-GA-001-03", "父母结婚证", Media.Electronic),
                        new("M-GA-001-04", "父母双方居民身份证", Media.Electronic),
                    ]),
                ],
                [IdTypes.ResidentId, IdTypes.Passport], false, false,
                ["childName", "childGender", "birthDate", "birthPlace", "householdAddress", "guardian", "relationship"]),
            "RS" => new("RS",
                [
                    new("410700-RS-001",
                    [
                        new("M-RS-001-01", "居民身份证或户口簿", Media.Electronic),
                        new("M-RS-001-02", "近期免冠证件照片", Media.Electronic),
                    ]),
                ],
                [IdTypes.ResidentId, IdTypes.Passport], true, false,
                ["name", "bank", "bankBranch", "cardPurpose", "mailingPostcode"]),
            _ => throw new ArgumentException($"No parity dispatches for department {code}", nameof(code)),
        };
    }

    static readonly Encoding Gbk = GbkEncoding();

    static Encoding GbkEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GBK", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    static bool FitsGbk(string text)
    {
        try
        {
            return Gbk.GetString(Gbk.GetBytes(text)) == text;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    // ---- what a dispatch is made of

    enum Refusal { None, IdType, Material, Item }

    sealed record Drawn(DispatchToDepartment Dispatch, bool ViaBus);

    static readonly (string Code, string Name)[] Regions =
    [
        ("410702", "红旗区"), ("410703", "卫滨区"), ("410704", "凤泉区"), ("410711", "牧野区"), ("410721", "新乡县"), ("410724", "获嘉县"),
        ("410725", "原阳县"), ("410726", "延津县"), ("410727", "封丘县"), ("410781", "卫辉市"), ("410782", "辉县市"), ("410783", "长垣市"),
    ];

    static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    static Gen<Drawn> Draft(Department d) =>
        from refusal in Gen.Frequency((98, Gen.Constant(Refusal.None)), (2, RefusalKind(d)))
        from item in Gen.Elements(d.Items)
        from region in Gen.Elements(Regions)
        from windowId in WindowId(region.Code)
        from submittedAt in SubmittedAt()
        from sequence in Gen.Choose(1, 99_999_999)
        from attempt in Gen.Frequency((70, Gen.Constant(1)), (30, Gen.Choose(2, 4)))
        from redelivery in Gen.Frequency((70, Gen.Constant(0)), (30, Gen.Choose(1, 6)))
        from caseId in Bytes(16, 16).Select(b => new Guid(b))
        from key in IdempotencyKey()
        from stage in Stage(d)
        from preReview in Chance(20)
        from decidedAtWindow in Chance(12)
        from simulated in Chance(15)
        from viaBus in Chance(80)
        from applicant in ApplicantOf(d, refusal)
        from materials in MaterialsOf(d, item, refusal)
        from form in FormDataOf(d)
        from delivery in DeliveryOf(d)
        select Assemble(d, refusal, item, region.Code, windowId, submittedAt, sequence, attempt, redelivery, caseId, key, stage, preReview,
            decidedAtWindow, simulated, viaBus, applicant, materials, form, delivery);

    static Drawn Assemble(Department d, Refusal refusal, Item item, string region, string windowId, DateTime submittedAt, int sequence, int attempt,
        int redelivery, Guid caseId, string key, (int Round, string? Withdrawal) stage, bool preReview, bool decidedAtWindow, bool simulated,
        bool viaBus, Applicant applicant, IReadOnlyList<SubmittedMaterial> materials, IReadOnlyDictionary<string, object?> form,
        DeliveryPreference delivery)
    {
        // An item the department's table does not know yet: the next one of the catalogue's numbering.
        var itemCode = refusal == Refusal.Item ? string.Create(CultureInfo.InvariantCulture, $"410700-{d.Code}-{d.Items.Length + 1:000}") : item.Code;
        var caseNo = region + submittedAt.AddHours(8).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("00000000", CultureInfo.InvariantCulture);
        var application = new CanonicalApplication
        {
            IdempotencyKey = key,
            ItemCode = itemCode,
            Applicant = applicant,
            ApplyingWindow = new ApplyingWindow { RegionCode = region, WindowId = windowId },
            Materials = materials,
            FormData = form,
            Delivery = delivery,
            Simulated = simulated,
        };
        var dispatch = new DispatchToDepartment(caseId, caseNo, $"{caseNo}-{itemCode}-{attempt}", attempt, d.Code, itemCode, submittedAt, application,
            stage.Round, stage.Withdrawal, decidedAtWindow, preReview, redelivery);
        return new Drawn(dispatch, viaBus);
    }

    static Gen<bool> Chance(int percent) => Gen.Frequency((percent, Gen.Constant(true)), (100 - percent, Gen.Constant(false)));

    static Gen<Refusal> RefusalKind(Department d) =>
        d.KnowsUscc ? Gen.Elements(Refusal.Material, Refusal.Item) : Gen.Elements(Refusal.IdType, Refusal.IdType, Refusal.Material, Refusal.Item);

    static Gen<byte[]> Bytes(int min, int max) =>
        from length in Gen.Choose(min, max)
        from values in Gen.ArrayOf(Gen.Choose(0, 255), length)
        select values.Select(v => (byte)v).ToArray();

    static Gen<string> Digits(int count) => Gen.ArrayOf(Gen.Choose(0, 9), count).Select(ds => string.Concat(ds));

    static Gen<string> WindowId(string region) => Gen.OneOf(
        Gen.Choose(1, 24).Select(n => $"W{n}"),
        Gen.Choose(1, 40).Select(n => string.Create(CultureInfo.InvariantCulture, $"{region}-CK{n:00}")),
        Gen.Choose(1, 9).Select(n => string.Create(CultureInfo.InvariantCulture, $"ZZJ-{region}-{n:000}")));

    /// <summary>UTC times over four years with varying seconds, some with milliseconds, some around midnight in Beijing (16:00 UTC).</summary>
    static Gen<DateTime> SubmittedAt() =>
        from day in Gen.Choose(0, 4 * 365)
        from second in Gen.Frequency((90, Gen.Choose(0, 86_399)), (10, Gen.Choose(15 * 3600 + 3590, 16 * 3600 + 10)))
        from milliseconds in Gen.Frequency((80, Gen.Constant(0)), (20, Gen.Choose(1, 999)))
        select Epoch.AddDays(day).AddSeconds(second).AddMilliseconds(milliseconds);

    static Gen<string> IdempotencyKey() => Gen.OneOf(
        Bytes(8, 8).Select(b => "k-" + Convert.ToHexStringLower(b)),
        from n in Gen.Choose(1, 999_999)
        from b in Bytes(4, 12)
        select string.Create(CultureInfo.InvariantCulture, $"portal:{n}:{Convert.ToHexString(b)}_v1.0"));

    /// <summary>The application, its Nth correction, or its withdrawal (at any round).</summary>
    static Gen<(int Round, string? Withdrawal)> Stage(Department d) => Gen.Frequency(
        (45, Gen.Constant((0, (string?)null))),
        (33, Gen.Choose(1, 3).Select(round => (round, (string?)null))),
        (22, from round in Gen.Frequency((70, Gen.Constant(0)), (30, Gen.Choose(1, 3)))
             from reason in Gen.Elements(d.Usable(WithdrawalReasons))
             select (round, (string?)reason)));

    static readonly string[] WithdrawalReasons =
    [
        "申请人主动撤回", "材料有误,重新申请", "经营场所变更，暂不办理", "已在其他窗口办理", "申请人\"不再需要\"", "撤回：<重复提交> & 已办结",
        "申请人要求撤回\n（电话告知）", "家属代为撤回, 原因: 出国", "撤回 𪚥 测试", "Applicant withdrew; moved abroad", "误操作",
    ];

    // ---- applicant

    static Gen<Applicant> ApplicantOf(Department d, Refusal refusal)
    {
        if (refusal == Refusal.IdType)
            return Organisation(d, IdTypes.UnifiedSocialCreditCode);   // the gateway's only id for an organisation; this table has none for it
        var person = Gen.Frequency((85, Gen.Constant(IdTypes.ResidentId)), (15, Gen.Constant(IdTypes.Passport))).SelectMany(t => Person(d, t));
        var organisation = d.KnowsUscc
            ? Organisation(d, IdTypes.UnifiedSocialCreditCode)
            : Gen.Elements(IdTypes.ResidentId, IdTypes.ResidentId, IdTypes.Passport).SelectMany(t => Organisation(d, t));
        return Gen.Frequency((d.KnowsUscc ? 70 : 90, person), (d.KnowsUscc ? 30 : 10, organisation));
    }

    static Gen<Applicant> Person(Department d, string idType) =>
        from name in idType == IdTypes.Passport ? Gen.Frequency((60, Gen.Elements(d.Usable(ForeignNames))), (40, ChineseName(d))) : ChineseName(d)
        from number in idType == IdTypes.Passport ? Passport() : ResidentId()
        from phone in Phone()
        select new Applicant { Kind = ApplicantKinds.Person, Name = name, IdType = idType, IdNumber = number, Phone = phone };

    static Gen<Applicant> Organisation(Department d, string idType) =>
        from name in OrganisationName(d)
        from number in idType switch
        {
            IdTypes.UnifiedSocialCreditCode => Uscc(),
            IdTypes.Passport => Passport(),
            _ => ResidentId(),
        }
        from phone in Phone()
        select new Applicant { Kind = ApplicantKinds.Organisation, Name = name, IdType = idType, IdNumber = number, Phone = phone };

    static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "欧阳", "司马", "诸葛", "上官", "亓", "𨚕", "㐨"];

    static readonly string[] GivenCharacters =
    [
        "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "子涵", "浩然",
        // rare but in GBK
        "堃", "喆", "燚", "犇", "淼", "垚", "鑫", "龑", "昇", "珺", "玥", "祎", "彧", "翀", "甦", "婧", "赟", "曌", "囧", "嫑",
        // outside GBK (CJK extensions A and B)
        "𪚥", "䶮", "㛃", "𠀀", "𡒄", "𬌗", "𠇔", "䲜",
    ];

    static readonly string[] MinorityNames = ["阿依古丽·买买提", "迪丽热巴·迪力木拉提", "爱新觉罗·启星", "扎西·次仁", "阿卜杜拉·艾买提", "娜仁·其木格"];

    static readonly string[] ForeignNames = ["JOHN SMITH", "Müller, Hans", "O'Brien Seán", "José García-López", "KIM MIN-JUN", "Nguyễn Văn An", "Ivanov Ivan Ivanovich"];

    static Gen<string> ChineseName(Department d) => Gen.Frequency(
        (92, from surname in Gen.Elements(d.Usable(Surnames))
             from length in Gen.Frequency((60, Gen.Constant(1)), (40, Gen.Constant(2)))
             from given in Gen.ArrayOf(Gen.Elements(d.Usable(GivenCharacters)), length)
             select surname + string.Concat(given)),
        (8, Gen.Elements(d.Usable(MinorityNames))));

    static readonly string[] TradeNames = ["好味", "鑫源", "中原", "牧野", "金穗", "华兰", "𪚥龙", "堃德", "老杨家", "A&B", "\"老字号\"", "<星光>", "喜洋洋"];

    static readonly string[] TradeKinds = ["早餐店", "烩面馆", "商贸有限公司", "餐饮管理有限公司", "（个体工商户）", "文化传媒有限公司", "科技股份有限公司", "农民专业合作社", " Trading Co., Ltd."];

    static Gen<string> OrganisationName(Department d) =>
        from region in Gen.Elements(Regions)
        from prefix in Gen.Elements("新乡市" + region.Name, "新乡", "河南省", "")
        from trade in Gen.Elements(d.Usable(TradeNames))
        from kind in Gen.Elements(d.Usable(TradeKinds))
        select prefix + trade + kind;

    static readonly int[] RegionPrefixes = [410702, 410703, 410711, 410721, 110105, 310115, 440305, 650102];

    static Gen<string> ResidentId() =>
        from region in Gen.Elements(RegionPrefixes)
        from days in Gen.Choose(0, 31_000)
        from sequence in Gen.Choose(0, 999)
        select WithCheck(string.Create(CultureInfo.InvariantCulture, $"{region}{new DateTime(1940, 1, 1).AddDays(days):yyyyMMdd}{sequence:000}"));

    static string WithCheck(string first17) => first17 + ResidentIdNumber.CheckCharacter(first17);

    const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    static Gen<string> Uscc() =>
        from kind in Gen.Elements("91", "92", "93", "52", "12")
        from region in Gen.Elements(Regions)
        from body in Gen.ArrayOf(Gen.Elements(UsccAlphabet.ToCharArray()), 9)
        let first17 = kind + region.Code + new string(body)
        select first17 + UnifiedSocialCreditCode.CheckCharacter(first17);

    static Gen<string> Passport() => Gen.OneOf(
        Digits(8).Select(n => "E" + n),
        Digits(7).Select(n => "PE" + n),
        from letters in Gen.ArrayOf(Gen.Elements("ABCDEFGHJKLMNPRSTUVWXYZ".ToCharArray()), 2)
        from n in Digits(7)
        select new string(letters) + n);

    static Gen<string?> Phone() => Gen.Frequency(
        (55, from second in Gen.Choose(3, 9) from rest in Digits(9) select (string?)$"1{second}{rest}"),
        (10, from rest in Digits(7) from dash in Gen.Elements("-", "") select (string?)$"0373{dash}{rest}"),
        (35, Gen.Constant((string?)null)));

    // ---- materials

    static readonly string[] NameVariants = ["（复印件）", "(正反面, 加盖公章)", " \"原件\"", "<扫描件>", "&附页", "\n第二页", "𪚥"];

    static Gen<IReadOnlyList<SubmittedMaterial>> MaterialsOf(Department d, Item item, Refusal refusal) =>
        from order in Gen.Shuffle(item.Materials)
        from count in Gen.Frequency((5, Gen.Constant(0)), (25, Gen.Choose(1, Math.Max(1, order.Length - 1))), (70, Gen.Constant(order.Length)))
        from given in Gen.CollectToList(order.Take(count), m => MaterialOf(d, m))
        from unknown in refusal == Refusal.Material
            ? MaterialOf(d, new Material(string.Create(CultureInfo.InvariantCulture, $"{item.Materials[0].Code[..^3]}-{item.Materials.Length + 1:00}"), "补充材料", Media.Electronic))
                .Select(m => (SubmittedMaterial?)m)
            : Gen.Constant((SubmittedMaterial?)null)
        select (IReadOnlyList<SubmittedMaterial>)(unknown is null ? given : [.. given, unknown]);

    static Gen<SubmittedMaterial> MaterialOf(Department d, Material m) =>
        from medium in Gen.Frequency((80, Gen.Constant(m.Medium)), (20, Gen.Constant(m.Medium == Media.Paper ? Media.Electronic : Media.Paper)))
        from name in Gen.Frequency((80, Gen.Constant(m.Name)), (20, Gen.Elements(d.Usable(NameVariants)).Select(v => m.Name + v)))
        from bytes in Gen.Frequency((3, Gen.Constant(Array.Empty<byte>())), (97, Bytes(1, 24)))
        from how in medium == Media.Electronic
            ? Gen.Frequency((70, Gen.Constant("content")), (30, Gen.Constant("reference")))
            : Gen.Frequency((88, Gen.Constant("none")), (12, Gen.Constant("content")))
        from reference in Reference()
        let sha = Convert.ToHexStringLower(SHA256.HashData(bytes))
        select how switch
        {
            "content" => new SubmittedMaterial { Code = m.Code, Name = name, Medium = medium, Sha256 = sha, ContentBase64 = Convert.ToBase64String(bytes) },
            "reference" => new SubmittedMaterial { Code = m.Code, Name = name, Medium = medium, Sha256 = sha, Reference = reference },
            _ => new SubmittedMaterial { Code = m.Code, Name = name, Medium = medium },
        };

    static Gen<string> Reference() =>
        from b in Bytes(8, 8)
        from store in Gen.Elements("https://cl.zwfw.xinxiang.gov.cn/materials/{0}.pdf", "oss://zwfw-materials/2026/{0}", "https://store.example.gov.cn/m?id={0}&sig=ab<c>")
        select string.Format(CultureInfo.InvariantCulture, store, Convert.ToHexStringLower(b));

    // ---- delivery

    static Gen<DeliveryPreference> DeliveryOf(Department d) =>
        from method in Gen.Elements(DeliveryMethods.All.ToArray())
        from address in Address(d)
        from keepAddress in Chance(15)
        select new DeliveryPreference { Method = method, Address = method == DeliveryMethods.Post || keepAddress ? address : null };

    static readonly string[] Roads = ["胜利路", "人民路", "平原路", "金穗大道", "新中大道", "和平路", "健康路", "自由路", "宏力大道", "华兰大道"];

    static readonly string[] AddressTails =
    [
        ", 3 单元, 502 室", "，幸福里小区", " \"幸福里\" 小区 2 号楼", " <东段> 12号 & 13号", "\n2 楼 201", "\r\n收件人: 王女士", "\t(门卫代收)",
        " 𪚥 巷 8 号", "\u2028隔壁", " 号楼 &amp; 旁 ]]> 门面", "  ",
    ];

    static Gen<string> Address(Department d) =>
        from region in Gen.Elements(Regions)
        from road in Gen.Elements(Roads)
        from number in Gen.Choose(1, 999)
        from tail in Gen.Frequency((50, Gen.Constant("")), (50, Gen.Elements(d.Usable(AddressTails))))
        from longer in Chance(3)
        let address = $"河南省新乡市{region.Name}{road}{number}号{tail}"
        select longer ? string.Concat(Enumerable.Repeat(address, 6)) : address;

    // ---- form data: JSON values as the intake took them (JsonElement), of every kind

    static readonly string[] GenericKeys = ["备注", "extra", "申请人声明", "a.b", "key with space", "emptyValue"];

    static Gen<IReadOnlyDictionary<string, object?>> FormDataOf(Department d) =>
        from keys in Gen.Shuffle(d.FormKeys.Concat(GenericKeys))
        from count in Gen.Frequency((10, Gen.Constant(0)), (90, Gen.Choose(1, 7)))
        from values in Gen.ArrayOf(JsonValue(d, 0), count)
        select (IReadOnlyDictionary<string, object?>)keys.Take(count).Zip(values)
            .ToDictionary(p => p.First, p => (object?)JsonDocument.Parse(p.Second).RootElement.Clone());

    static readonly string[] NestedKeys = ["name", "年龄", "tags", "value", "ok", "note"];

    static readonly string[] NumberLiterals =
        ["0", "-0", "1.50", "0.1", "-12.75", "3.14159", "1e3", "2.5E-3", "100.0", "12345678901234", "9007199254740993", "12345678901234567890", "-9223372036854775808"];

    /// <summary>The JSON text of one value; objects and arrays nest at most two levels deep.</summary>
    static Gen<string> JsonValue(Department d, int depth)
    {
        var choices = new List<(int, Gen<string>)>
        {
            (40, Text(d).Select(s => JsonSerializer.Serialize(s))),
            (8, Gen.Choose(-100_000, 100_000).Select(i => i.ToString(CultureInfo.InvariantCulture))),
            (8, Gen.Elements(NumberLiterals)),
            (4, from whole in Gen.Choose(-9999, 9999) from cents in Gen.Choose(0, 99) select string.Create(CultureInfo.InvariantCulture, $"{whole}.{cents:00}")),
            (8, Gen.Elements("true", "false")),
            (5, Gen.Constant("null")),
            (6, from days in Gen.Choose(0, 3000) select JsonSerializer.Serialize(Epoch.AddDays(days - 1500).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            (3, Gen.Elements("{}", "[]")),
        };
        if (depth < 2)
        {
            choices.Add((9, from keys in Gen.Shuffle(NestedKeys)
                            from count in Gen.Choose(1, 4)
                            from values in Gen.ArrayOf(JsonValue(d, depth + 1), count)
                            select "{" + string.Join(",", keys.Take(count).Zip(values).Select(p => JsonSerializer.Serialize(p.First) + ":" + p.Second)) + "}"));
            choices.Add((9, from count in Gen.Choose(1, 4)
                            from values in Gen.ArrayOf(JsonValue(d, depth + 1), count)
                            select "[" + string.Join(",", values) + "]"));
        }
        return Gen.Frequency(choices);
    }

    static readonly string[] Phrases =
    [
        "王小宝", "男", "女", "新乡市中心医院", "中国工商银行新乡分行", "餐饮服务；食品销售", "预包装食品（含冷藏冷冻食品）销售", "父亲", "母亲", "是", "否",
        "乙肝疫苗, 卡介苗", "红旗区胜利路1号", "453000", "007", "1.50", "true", "null", "",
        "  前后有空格  ", "她说：\"你好\"", "反斜杠 \\ 与 / 斜杠", "<b>粗体</b> & <script>alert(1)</script>", "</Xm><Xm Mc=\"x\">注入", "]]>", "{\"a\":1}",
        "第一行\n第二行", "制表\t分隔", "回车\r\n换行", "'单引号'", "全角，逗号。句号", "€ ¥ © ™", "Ünïcödé café", "𪚥𠀀 生僻字", "表情 😀👍🏽", "\u2028行分隔\u2029段分隔",
        "日本語テキスト", "한국어", "ئۇيغۇرچە",
    ];

    /// <summary>Characters only a JSON body can carry (XML 1.0 cannot): for the REST departments only.</summary>
    static readonly string[] ControlPhrases = ["控制\u0001字符", "\u001F单元分隔", "删除\u007F", "空\u0000字节", "\u0008退格\u000C换页"];

    static Gen<string> Text(Department d)
    {
        var phrases = d.Usable(d.Rest ? [.. Phrases, .. ControlPhrases] : Phrases);
        return Gen.Frequency(
            (75, Gen.Elements(phrases)),
            (15, from a in Gen.Elements(phrases) from b in Gen.Elements(phrases) select a + b),
            (10, ChineseName(d)));
    }
}
