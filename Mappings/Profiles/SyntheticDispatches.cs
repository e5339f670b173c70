using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;

namespace Gateway.Mappings.Profiles;

/// <summary>
/// Dispatches of every shape the case and bundle sagas send, for one item: the application, a correction round, a supplement of
/// materials, a withdrawal, a pre-review and its release, one decided at the window, a simulated (joint-test) case, each delivery
/// method — with awkward text (quotes, ampersands, separators, line breaks) in every free field.
/// </summary>
public static class SyntheticDispatches
{
    public static IEnumerable<(string Shape, DispatchToDepartment Dispatch)> For(CatalogueView.ItemEntry item)
    {
        const string caseNo = "4107022026113000000001";
        var content = Convert.ToBase64String(Encoding.UTF8.GetBytes("%PDF-1.4 synthetic"));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("%PDF-1.4 synthetic")));
        var materials = item.Materials.Select((m, i) => new SubmittedMaterial
        {
            Code = m, Name = $"材料 \"{i}\" & <附件>", Medium = i % 2 == 0 ? Media.Electronic : Media.Paper,
            Sha256 = i % 2 == 0 ? hash : null, ContentBase64 = i % 2 == 0 ? content : null,
        }).ToList();
        var methods = item.DeliveryMethods.Count > 0 ? item.DeliveryMethods : [DeliveryMethods.PickupAtApplyingWindow];
        CanonicalApplication Application(string method, bool simulated = false) => new()
        {
            IdempotencyKey = "synthetic", ItemCode = item.Code, Simulated = simulated,
            Applicant = new Applicant { Kind = ApplicantKinds.Person, Name = "张\"三\" & 李<四>,王", IdType = IdTypes.ResidentId, IdNumber = "410702199001011234", Phone = "13800000000" },
            ApplyingWindow = new ApplyingWindow { RegionCode = "410702", WindowId = "W-01" },
            Materials = materials,
            FormData = new Dictionary<string, object?>
            {
                ["经营场所"] = JsonSerializer.SerializeToElement("新乡市红旗区 1 号, \"A\" 座\n2 层"),
                ["面积"] = JsonSerializer.SerializeToElement(35.5),
                ["连锁"] = JsonSerializer.SerializeToElement(false),
            },
            Delivery = new DeliveryPreference { Method = method, Address = method == DeliveryMethods.Post ? "新乡市 <平原路> 1 号, 张三 & 收" : null },
        };
        DispatchToDepartment Dispatch(CanonicalApplication a, int round = 0, string? withdrawal = null, bool window = false, bool preReview = false) =>
            new(Guid.Empty, caseNo, $"{caseNo}-{item.Code}-1", 1, item.DepartmentCode, item.Code, new DateTime(2026, 11, 30, 2, 3, 4, DateTimeKind.Utc), a,
                round, withdrawal, window, preReview);

        var first = Application(methods[0]);
        yield return ("new", Dispatch(first));
        yield return ("correction round", Dispatch(first, round: 1));
        yield return ("supplement", Dispatch(first with { Materials = materials.Take(1).ToList() }));
        yield return ("withdrawal", Dispatch(first, withdrawal: "申请人撤回, \"不再办理\" & 说明"));
        yield return ("pre-review", Dispatch(first, preReview: true));
        yield return ("release", Dispatch(first, round: 0, preReview: false));
        yield return ("decided at the window", Dispatch(first, window: true));
        yield return ("simulated", Dispatch(Application(methods[0], simulated: true)));
        foreach (var method in methods.Skip(1)) yield return ($"delivery {method}", Dispatch(Application(method)));
    }
}
