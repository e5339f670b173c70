using System.ComponentModel;
using System.Text.Json;

namespace Gateway.Host.Intake;

// The intake request as read off the wire: everything optional, so the validator can name every missing field at once.

public sealed class ApplicationRequest
{
    public string? IdempotencyKey { get; set; }
    public string? ItemCode { get; set; }
    /// <summary>A "one thing" bundle (一件事) applied for instead of a single item, with the bundle's combined form and materials.</summary>
    [Description("A \"one thing\" bundle (一件事, GET /api/catalogue/bundles) applied for instead of a single item, with the bundle's combined form and materials.")]
    public string? BundleCode { get; set; }
    public ApplicantRequest? Applicant { get; set; }
    public WindowRequest? ApplyingWindow { get; set; }
    public List<MaterialRequest?>? Materials { get; set; }
    public JsonElement? FormData { get; set; }
    public DeliveryRequest? Delivery { get; set; }
    /// <summary>容缺: the applicant's signed commitment (承诺书) to supply the missing materials in time.</summary>
    [Description("容缺: the applicant's signed commitment (承诺书) to supply, in time, the materials the item allows the case to go ahead without.")]
    public CommitmentRequest? Commitment { get; set; }
    /// <summary>即办件: the window decides the immediate item on the spot (approved with the licence, or refused with reasons).</summary>
    [Description("即办件 only: the window decides the immediate item on the spot (approved with the licence, or refused with reasons); the case ends at once.")]
    public WindowDecisionRequest? WindowDecision { get; set; }
    /// <summary>A simulated case (模拟办件) of a joint test.</summary>
    public bool? Simulated { get; set; }
}

public sealed class WindowDecisionRequest
{
    public string? DecidedBy { get; set; }
    public string? Decision { get; set; }
    public List<string>? Reasons { get; set; }
    public string? LicenceNo { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
}

public sealed class CommitmentRequest
{
    public string? SignedBy { get; set; }
    public DateTime? SignedAt { get; set; }
    /// <summary>SHA-256 of the signed commitment's scan.</summary>
    public string? Sha256 { get; set; }
    public string? ContentBase64 { get; set; }
}

public sealed class ApplicantRequest
{
    public string? Kind { get; set; }
    public string? Name { get; set; }
    public string? IdType { get; set; }
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }
}

public sealed class WindowRequest
{
    public string? RegionCode { get; set; }
    public string? WindowId { get; set; }
}

public sealed class MaterialRequest
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Medium { get; set; }
    public string? Sha256 { get; set; }
    public string? ContentBase64 { get; set; }
    public string? Reference { get; set; }
}

public sealed class DeliveryRequest
{
    public string? Method { get; set; }
    public string? Address { get; set; }
    /// <summary>Bundles only: every result delivered together once all members ended (the default), or each as it comes.</summary>
    [Description("Bundles only: every result delivered together once all members ended (the default), or each as it comes.")]
    public bool? Together { get; set; }
}
