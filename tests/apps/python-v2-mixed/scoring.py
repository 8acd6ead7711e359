"""Score functions, registered on ``functions_app`` as ``scoring_functions``."""

import json
import logging

import azure.functions as af

logger = logging.getLogger(__name__)

blueprint = af.Blueprint()


@blueprint.function_name(name="ScoreQueue")
@blueprint.queue_trigger(arg_name="msg", queue_name="scores", connection="ScoresStorage")
def score_queue(msg: af.QueueMessage) -> None:
    score = json.loads(msg.get_body().decode("utf-8"))
    logger.info("Stored score %s for user %s", score.get("value"), score.get("userId"))


@blueprint.function_name(name="GetScore")
@blueprint.route(route="scores/{user_id}", methods=["GET"])
def get_score(req: af.HttpRequest) -> af.HttpResponse:
    user_id = req.route_params.get("user_id", "")
    return af.HttpResponse(json.dumps({"userId": user_id, "score": 0}), mimetype="application/json")
