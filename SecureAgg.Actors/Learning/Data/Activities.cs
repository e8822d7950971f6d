namespace SecureAgg.Learning.Data;

/// <summary>
/// Activity ids of HAPT (activity_labels.txt). Ids 1–6 are the UCI HAR classes; 7–12 are postural transitions, which
/// the usual 6-class task drops. A model's class index is <c>id - 1</c>.
/// </summary>
public static class Activities
{
    public const int BasicCount = 6;
    public const int Count = 12;

    private static readonly string[] Names =
    [
        "WALKING", "WALKING_UPSTAIRS", "WALKING_DOWNSTAIRS", "SITTING", "STANDING", "LAYING",
        "STAND_TO_SIT", "SIT_TO_STAND", "SIT_TO_LIE", "LIE_TO_SIT", "STAND_TO_LIE", "LIE_TO_STAND",
    ];

    public static bool IsValid(int id) => id is >= 1 and <= Count;

    public static bool IsTransition(int id) => id is > BasicCount and <= Count;

    public static string Name(int id) =>
        IsValid(id) ? Names[id - 1] : throw new ArgumentOutOfRangeException(nameof(id), id, $"activity ids are 1..{Count}");
}
