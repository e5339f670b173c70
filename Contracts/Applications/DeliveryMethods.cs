namespace Gateway.Contracts.Applications;

public static class DeliveryMethods
{
    public const string PickupAtApplyingWindow = "pickup-applying-window";
    public const string PickupAtOwningWindow = "pickup-owning-window";
    public const string Post = "post";
    public const string SelfServicePrint = "self-service-print";
    public const string ElectronicLicence = "e-licence";
    public static readonly IReadOnlyList<string> All = [PickupAtApplyingWindow, PickupAtOwningWindow, Post, SelfServicePrint, ElectronicLicence];
}
