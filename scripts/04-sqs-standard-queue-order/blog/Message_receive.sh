#!/bin/bash

SQS_QUEUE_NAME="handson-cli-sqs-novice-queue"
SQS_QUEUE_URL=$(aws sqs get-queue-url \
    --queue-name ${SQS_QUEUE_NAME} \
    --output text)

DIR_SQS_MESSAGE="${HOME}/environment/tmp-handson-cli-sqs"


for ((i=1; i<=30; i++))
do
    FILE_SQS_MESSAGE="${DIR_SQS_MESSAGE}/${SQS_QUEUE_NAME}-${i}.json"
    
    echo "${i}回目のメッセージ受信です。今は$(date +%H:%M:%S)です。"
    
    aws sqs receive-message --queue-url "${SQS_QUEUE_URL}" > ${FILE_SQS_MESSAGE}
    
    SQS_MESSAGE_BODY="受信したメッセージは \
    $(cat ${FILE_SQS_MESSAGE} | jp.py 'Messages[].Body' | sed 's/[]\"\[]//g') \
    です。" \
    && echo ${SQS_MESSAGE_BODY}

    SQS_MESSAGE_NUMBER="キューのメッセージ数は \
    $(aws sqs get-queue-attributes \
    --queue-url ${SQS_QUEUE_URL} \
    --attribute-names ApproximateNumberOfMessages \
    --query 'Attributes.ApproximateNumberOfMessages' \
    --output text) \
    です。" \
    && echo ${SQS_MESSAGE_NUMBER}
done
