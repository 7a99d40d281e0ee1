#!/bin/bash

SQS_QUEUE_NAME="handson-cli-sqs-novice-queue"
SQS_QUEUE_URL=$(aws sqs get-queue-url \
    --queue-name ${SQS_QUEUE_NAME} \
    --output text)

for ((i=1; i<=30; i++))
do
    SQS_MESSAGE_BODY="${i}回目のメッセージ送信です。今は$(date +%H:%M:%S)です。" \
    && echo ${SQS_MESSAGE_BODY}

    aws sqs send-message --queue-url "${SQS_QUEUE_URL}" --message-body "${SQS_MESSAGE_BODY}"

    SQS_MESSAGE_NUMBER="キューのメッセージ数は \
    $(aws sqs get-queue-attributes \
    --queue-url ${SQS_QUEUE_URL} \
    --attribute-names ApproximateNumberOfMessages \
    --query 'Attributes.ApproximateNumberOfMessages' \
    --output text) \
    です。" \
    && echo ${SQS_MESSAGE_NUMBER}
done
