using System.Security.Cryptography;
using System.Text;
using Gateway.Contracts.Identity;

namespace Gateway.Host.Demo;

/// <summary>A complete application for 个体工商户设立登记 with real-format, check-digit-valid numbers and hashed materials.</summary>
public static class DemoApplication
{
    public const string ItemCode = "410700-SCJG-001";

    /// <summary>A valid resident ID number for a person born on <paramref name="birth"/> in Xinxiang (410702).</summary>
    public static string ResidentId(DateOnly birth, int sequence)
    {
        var first17 = $"410702{birth:yyyyMMdd}{sequence % 1000:D3}";
        return first17 + ResidentIdNumber.CheckCharacter(first17);
    }

    public const string BirthRegistrationItemCode = "410700-GA-001";

    /// <summary>A complete application for 本市户口登记(申报出生登记), handled by the public security bureau's legacy SOAP system.</summary>
    public static object BirthRegistration(string idempotencyKey, string parentName = "李梅")
    {

        return new
        {
            idempotencyKey,
            itemCode = BirthRegistrationItemCode,
            applicant = new { kind = "person", name = parentName, idType = "resident-id", idNumber = ResidentId(new DateOnly(1994, 8, 21), 462), phone = "13937312345" },
            applyingWindow = new { regionCode = "410702", windowId = "HQ-WIN-03" },
            materials = new object[]
            {
                Material("M-GA-001-01", "出生医学证明", "出生医学证明 编号 R410012345;新生儿 王小宝;出生日期 2026-11-18"),
                new { code = "M-GA-001-02", name = "父母双方居民户口簿", medium = "paper" },
                Material("M-GA-001-03", "父母结婚证", "结婚证 J410702-2020-001234"),
            },
            formData = new { childName = "王小宝", childGender = "男", birthDate = "2026-11-18", birthPlace = "新乡市中心医院", householdAddress = "新乡市红旗区胜利路1号" },
            delivery = new { method = "pickup-applying-window" },
        };
    }

    public const string SocialSecurityCardItemCode = "410700-RS-001";

    /// <summary>A complete application for 社会保障卡申领, handled by the social security bureau's file-exchanging batch system.</summary>
    public static object SocialSecurityCard(string idempotencyKey, string name = "王建国")
    {

        return new
        {
            idempotencyKey,
            itemCode = SocialSecurityCardItemCode,
            applicant = new { kind = "person", name, idType = "resident-id", idNumber = ResidentId(new DateOnly(1978, 2, 14), 817), phone = "15837301234" },
            applyingWindow = new { regionCode = "410702", windowId = "HQ-WIN-11" },
            materials = new object[]
            {
                Material("M-RS-001-01", "居民身份证或户口簿", "居民身份证(电子证照)"),
                Material("M-RS-001-02", "近期免冠证件照片", "照片 358x441 白底"),
            },
            formData = new { bank = "中国工商银行新乡分行", cardType = "第三代社会保障卡" },
            delivery = new { method = "post", address = "新乡市牧野区建设路88号" },
        };
    }

    public const string MedicalInsuranceItemCode = "410700-YB-001";

    /// <summary>An application for 城乡居民基本医疗保险参保登记, handled by hand in the medical insurance bureau's portal inbox.</summary>
    public static object MedicalInsurance(string idempotencyKey, string name = "赵敏")
    {
        return new
        {
            idempotencyKey,
            itemCode = MedicalInsuranceItemCode,
            applicant = new { kind = "person", name, idType = "resident-id", idNumber = ResidentId(new DateOnly(2001, 5, 9), 228), phone = "13503731234" },
            applyingWindow = new { regionCode = "410702", windowId = "HQ-WIN-05" },
            materials = new object[]
            {
                Material("M-YB-001-01", "居民身份证或户口簿", "居民户口簿 户号 410702-000123"),
            },
            formData = new { insuredCategory = "城乡居民", paymentYear = 2027 },
            delivery = new { method = "e-licence" },
        };
    }

    public const string NewbornBundleCode = "410700-ONE-NEWBORN";

    /// <summary>
    /// The newborn bundle (新生儿出生 一件事) applied for once by a parent: the combined form (8 fields) and the 7 materials the parents
    /// supply; the birth medical certificate and the household registration page reach the other members as results.
    /// </summary>
    public static object Newborn(string idempotencyKey, string parentName = "李梅", bool deliverTogether = true)
    {
        return new
        {
            idempotencyKey,
            bundleCode = NewbornBundleCode,
            applicant = new { kind = "person", name = parentName, idType = "resident-id", idNumber = ResidentId(new DateOnly(1994, 8, 21), 462), phone = "13937312345" },
            applyingWindow = new { regionCode = "410702", windowId = "HQ-WIN-01" },
            materials = new object[]
            {
                Material("B-NB-01", "医学出生记录", "新乡市中心医院 医学出生记录 2026-11-18 08:42 男 3350g"),
                Material("B-NB-02", "父母双方居民身份证", "父 王强 410702199201014567;母 李梅"),
                new { code = "B-NB-04", name = "父母双方居民户口簿", medium = "paper" },
                Material("B-NB-05", "父母结婚证", "结婚证 J410702-2020-001234"),
                Material("B-NB-07", "新生儿近期照片", "照片 358x441 白底"),
                Material("B-NB-08", "生育医疗费用票据", "新乡市中心医院 住院费用票据 6,842.50 元"),
                Material("B-NB-09", "报销银行账户信息", "中国银行新乡分行 6217 **** 0042"),
            },
            formData = new
            {
                childName = "王小宝", childGender = "男", birthDate = "2026-11-18", birthPlace = "新乡市中心医院",
                householdAddress = "新乡市红旗区胜利路1号", bank = "中国工商银行新乡分行", bankAccount = "6217000000000042", insuredCategory = "城乡居民",
            },
            delivery = new { method = "pickup-applying-window", together = deliverTogether },
        };
    }

    /// <summary>An electronic material with its content and hash, as intake and the corrections endpoint take it.</summary>
    public static object Material(string code, string name, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new
        {
            code,
            name,
            medium = "electronic",
            sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            contentBase64 = Convert.ToBase64String(bytes),
        };
    }

    public static object Create(string idempotencyKey, string applicantName = "张三", string? idNumber = null, string itemCode = ItemCode)
    {
        return new
        {
            idempotencyKey,
            itemCode,
            applicant = new
            {
                kind = "person",
                name = applicantName,
                idType = "resident-id",
                idNumber = idNumber ?? ResidentId(new DateOnly(1990, 3, 7), 123),
                phone = "13800138000",
            },
            applyingWindow = new { regionCode = "410702", windowId = "HQ-WIN-07" },
            materials = itemCode == ItemCode
                ? new[]
                {
                    Material("M-SCJG-001-01", "个体工商户登记(备案)申请书", "经营者:" + applicantName + ";字号:红旗区好味早餐店;经营范围:餐饮服务"),
                    Material("M-SCJG-001-02", "经营者身份证明", "居民身份证复印件(电子)"),
                }
                : new[]
                {
                    Material("M-SCJG-002-01", "食品经营许可申请书", "申请人:" + applicantName),
                    Material("M-SCJG-002-02", "与食品经营相适应的主要设备设施布局、操作流程等文件", "布局图"),
                    Material("M-SCJG-002-03", "食品安全管理制度", "制度文本"),
                },
            formData = new { tradeName = "红旗区好味早餐店", businessScope = "餐饮服务", premises = "新乡市红旗区胜利路1号", capitalYuan = 50000 },
            delivery = new { method = "e-licence" },
        };
    }
}
