namespace Gateway.Contracts.Status;

/// <summary>Procedure step codes (环节) in the shape of the provincial exchange tables.</summary>
public static class StepCodes
{
    public const int Intake = 1;
    public const int Acceptance = 2;
    public const int Review = 3;
    public const int Completion = 4;
    public const int Correction = 11;
    public const int Suspended = 12;
}
