namespace Gateway.Host.Bundles;

/// <summary>The answer to a bundle's delivery: the member cases whose results were recorded as delivered.</summary>
public sealed record BundleDeliveryResponse(string BundleNo, string Action, bool Replayed, IReadOnlyList<string> Delivered);
