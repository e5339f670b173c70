namespace Gateway.Contracts.Status;

/// <summary>Completion result codes in the shape of the provincial exchange tables.</summary>
public static class CompletionResultCodes
{
    public const int LicenceIssued = 0;
    public const int Refused = 1;
    public const int Void = 2;
    public const int Deleted = 3;
    public const int ForwardedUp = 4;
    public const int Returned = 5;
    public const int NotAccepted = 6;
}
