using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Training;
using SecureAgg.Learning.Training;
using SecureAgg.Serialization;

namespace SecureAgg.Host.Report;

/// <summary>
/// What a cluster server's coordinator journalled about one session before it opened: n, t, b, the members' names
/// and the task. Plain-process sessions have none of it (the report says what the session journal alone can tell).
/// </summary>
public sealed record ClusterSessionInfo(string ServerName, ClusterSessionOpened Opened)
{
    public string Task
    {
        get
        {
            if (Opened.TaskPayload.Length == 0)
                return "simulated inputs";
            try
            {
                var payload = ClusterTrainingPayload.Decode(Opened.TaskPayload);
                return payload.Step == ClusterTrainingStep.Moments ? "training: secure sum of feature moments" : $"training round {payload.Round}";
            }
            catch (WireFormatException)
            {
                return "unknown task";
            }
        }
    }

    public string NameOf(int id) => Opened.Members.FirstOrDefault(m => m.Id == id)?.Name ?? "?";
}
